// The in-process transport: a bounded array queue drained in batches on setImmediate, so the request
// path pays one push and the detectors run between requests.

import type { AuditEvent } from '../../audit/event.ts';
import type { EventTransport, TransportStats } from './types.ts';

export interface MemoryTransportOptions {
  /** Events waiting at most; beyond it new events are dropped and counted. */
  readonly maxQueue?: number;
  /** Events handed to the detectors per turn of the event loop. */
  readonly batch?: number;
}

/** Creates the in-process transport (publish and delivery in the same process). */
export function createMemoryTransport(o: MemoryTransportOptions = {}): EventTransport {
  const maxQueue = o.maxQueue ?? 100_000;
  const batchSize = o.batch ?? 1000;
  let queue: AuditEvent[] = [];
  let handler: ((b: AuditEvent[]) => Promise<void> | void) | undefined;
  let scheduled = false;
  let running: Promise<void> = Promise.resolve();
  const stats: TransportStats = { published: 0, delivered: 0, dropped: 0, errors: 0 };

  const drain = async (): Promise<void> => {
    scheduled = false;
    while (handler && queue.length) {
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      try {
        await handler(batch);
        stats.delivered += batch.length;
      } catch {
        stats.errors += batch.length;
      }
      if (queue.length) {
        // Yield to requests between batches.
        schedule();
        return;
      }
    }
  };
  const schedule = () => {
    if (scheduled || !handler) return;
    scheduled = true;
    setImmediate(() => {
      running = running.then(drain);
    });
  };

  return {
    kind: 'memory',
    stats,
    publish(e) {
      if (queue.length >= maxQueue) {
        stats.dropped++;
        return;
      }
      queue.push(e);
      stats.published++;
      schedule();
    },
    start(h) {
      handler = h;
      schedule();
    },
    async close() {
      while (handler && (queue.length || scheduled)) {
        await new Promise((r) => setImmediate(r));
        await running;
      }
      await running;
      handler = undefined;
    },
  };
}
