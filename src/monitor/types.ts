// What detectors produce and how they plug in: one small interface, so adding a detector is one file
// and one line in the detector list, never a change to the engine.

import type { AuditEvent } from '../audit/event.ts';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** An alert as a detector raises it: what, how sure, the numbers behind it, and who is involved. */
export interface AlertDraft {
  /** Detector and test, e.g. `extraction.prada`, `volume.spike`, `drift.psi`. */
  readonly detector: string;
  readonly severity: Severity;
  /** One line an on-call responder can read. */
  readonly summary: string;
  /** The numbers that triggered it (statistic, threshold, window, counts). */
  readonly evidence: Readonly<Record<string, number | string | boolean>>;
  readonly identities: readonly string[];
  readonly models: readonly string[];
  readonly sources?: readonly string[];
  /** Audit request ids of the events that tipped it (at most 20). */
  readonly requestIds: readonly string[];
  /** Epoch ms of the event that triggered it (event time, not wall time: replays compress time). */
  readonly at: number;
  /** Alerts with the same key within the dedupe window are merged into one. */
  readonly key: string;
}

/** An alert after dedupe: an id, and how many drafts it stands for. */
export interface Alert extends AlertDraft {
  readonly id: string;
  readonly count: number;
}

/** A detector: sees events in order and calls `emit` when something is wrong. */
export interface Detector {
  readonly name: string;
  observe(event: AuditEvent, at: number, emit: (alert: AlertDraft) => void): void;
  /** Entries of bounded state it holds (for the bench and metrics). */
  stateSize(): number;
}

/** Epoch ms of an event's time; NaN-safe (a bad time counts as 0). */
export function eventTime(e: AuditEvent): number {
  const t = Date.parse(e.time);
  return Number.isFinite(t) ? t : 0;
}

/**
 * The identity key detectors use: the identity id exactly as the gateway's enforcement flags check it
 * (API key ids are unique; JWT subjects are assumed unique across tenants, as the flags assume).
 */
export function identityKey(e: AuditEvent): string {
  return e.identity.id;
}
