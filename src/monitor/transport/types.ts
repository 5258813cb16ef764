// How events reach the detectors: in-process for one node, a Redis stream with consumer groups for
// many (so one identity's traffic is judged as a whole whichever node served it). One interface, one
// behaviour suite (suite.ts) run against both.

import type { AuditEvent } from '../../audit/event.ts';

export interface TransportStats {
  published: number;
  delivered: number;
  /** Events dropped because the queue was full (the request path never waits). */
  dropped: number;
  /** Events whose delivery failed (Redis errors), counted, never thrown at the caller. */
  errors: number;
}

export interface EventTransport {
  readonly kind: 'memory' | 'redis';
  /** Hot path: enqueues and returns; never blocks, never throws. */
  publish(event: AuditEvent): void;
  /** Starts delivering batches (in publish order per identity) to `handler`. Call at most once. */
  start(handler: (batch: AuditEvent[]) => Promise<void> | void): void;
  readonly stats: TransportStats;
  /** Flushes what was published, stops delivery and releases connections. */
  close(): Promise<void>;
}
