// Opening incidents from alerts and moving them through open → acknowledged → contained → resolved.
// A resolved incident may be reopened; every change lands in the timeline with its actor.

import type { Alert } from '../monitor/types.ts';
import { SEVERITY_RANK, type Severity } from '../monitor/types.ts';
import { playbookFor } from './playbooks.ts';
import type { IncidentStore } from './store.ts';
import type { Incident, IncidentStatus } from './types.ts';

const NEXT: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  open: ['acknowledged', 'contained', 'resolved'],
  acknowledged: ['contained', 'resolved'],
  contained: ['resolved'],
  resolved: ['open'],
};

export type TransitionResult =
  | { ok: true; incident: Incident }
  | { ok: false; reason: 'not_found' | 'bad_transition' | 'conflict'; message: string };

/** Moves an incident to `to`, recording who did it. Refuses skips backwards (e.g. resolved → contained). */
export async function transition(
  s: IncidentStore,
  id: string,
  to: IncidentStatus,
  actor: string,
  opts: { owner?: string; note?: string; now?: number } = {},
): Promise<TransitionResult> {
  const inc = await s.getIncident(id);
  if (!inc) return { ok: false, reason: 'not_found', message: `no incident ${id}` };
  if (!NEXT[inc.status].includes(to))
    return {
      ok: false,
      reason: 'bad_transition',
      message: `incident ${id} is ${inc.status}; it can move to ${NEXT[inc.status].join(', ')}`,
    };
  const at = opts.now ?? Date.now();
  const owner = opts.owner ?? (to === 'acknowledged' && !inc.owner ? actor : undefined);
  if (!(await s.updateIncident(id, inc.status, { status: to, ...(owner ? { owner } : {}), at })))
    return { ok: false, reason: 'conflict', message: `incident ${id} changed meanwhile; look again` };
  await s.addTimeline({
    incidentId: id,
    at,
    kind: 'status',
    actor,
    body: { from: inc.status, to, ...(owner ? { owner } : {}), ...(opts.note ? { note: opts.note } : {}) },
  });
  return { ok: true, incident: (await s.getIncident(id))! };
}

/**
 * Which incident an alert belongs to: one per playbook and identity (or model); an alert naming several
 * identities (a cluster of accounts) is one incident under its own key, not one per member.
 */
export function groupKey(a: Alert): string {
  if (a.identities.length > 1) return `${playbookFor(a.detector)}:${a.key}`;
  return `${playbookFor(a.detector)}:${a.identities[0] ?? a.models[0] ?? a.key}`;
}

/**
 * Records an alert; at or above `openAt` it opens an incident (or joins the open one of its group).
 * Returns the incident it joined, if any.
 */
export async function recordAlert(
  s: IncidentStore,
  a: Alert,
  openAt: Severity = 'high',
  now = Date.now(),
): Promise<Incident | undefined> {
  if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[openAt]) {
    await s.recordAlert(a);
    return undefined;
  }
  const gk = groupKey(a);
  let inc = await s.openIncidentFor(gk);
  if (!inc) {
    inc = await s.createIncident({
      title: a.summary.slice(0, 200),
      playbook: playbookFor(a.detector),
      severity: a.severity,
      groupKey: gk,
      openedAt: now,
    });
    await s.addTimeline({
      incidentId: inc.id,
      at: now,
      kind: 'status',
      actor: 'monitor',
      body: { to: 'open', playbook: inc.playbook },
    });
  }
  await s.recordAlert(a, inc.id);
  await s.addTimeline({
    incidentId: inc.id,
    at: now,
    kind: 'alert',
    actor: 'monitor',
    body: {
      alert: a.id,
      eventTime: new Date(a.at).toISOString(),
      detector: a.detector,
      severity: a.severity,
      summary: a.summary,
      requestIds: a.requestIds,
    },
  });
  return inc;
}
