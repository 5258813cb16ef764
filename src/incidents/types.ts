// Incidents: a high-severity alert becomes an incident that moves open → acknowledged → contained →
// resolved, with an owner, a playbook and a timeline of alerts, status changes and actions.

import type { Severity } from '../monitor/types.ts';

export type IncidentStatus = 'open' | 'acknowledged' | 'contained' | 'resolved';

export interface Incident {
  readonly id: string;
  readonly title: string;
  /** Playbook name (src/incidents/playbooks/<name>.yaml). */
  readonly playbook: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly owner?: string | undefined;
  /** Alerts with the same group key attach to the same open incident. */
  readonly groupKey: string;
  readonly openedAt: number;
  readonly updatedAt: number;
}

export interface TimelineEntry {
  readonly id: string;
  readonly incidentId: string;
  readonly at: number;
  readonly kind: 'alert' | 'status' | 'action' | 'note';
  readonly actor: string;
  readonly body: Record<string, unknown>;
}

export type ActionName =
  'revoke_key' | 'block' | 'unblock' | 'throttle' | 'disable' | 'enable' | 'perturb' | 'rollback';

/** One response action as audited: who did what to what, when, why, and how it went. */
export interface ActionRecord {
  readonly id: string;
  readonly at: number;
  /** Operator identity, or `monitor` for automatic actions. */
  readonly actor: string;
  readonly action: ActionName;
  readonly targetKind: string;
  readonly target: string;
  readonly params: Record<string, unknown>;
  readonly reason: string;
  readonly incidentId?: string;
  /** `done`, `not_found`, `unsupported` or `failed: …`. */
  readonly outcome: string;
}
