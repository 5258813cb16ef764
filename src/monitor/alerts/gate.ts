// Alert fatigue is the top complaint about drift and anomaly tools: alerts with the same key within a
// window are merged into one (with a count), and each detector may raise at most so many per minute.

import { randomUUID } from 'node:crypto';
import { BoundedMap } from '../lib/bounded.ts';
import type { Alert, AlertDraft } from '../types.ts';

export interface GateOptions {
  /** Merge alerts with the same key seen within this many seconds of event time. */
  readonly dedupeSeconds: number;
  /** At most this many new alerts per detector per minute of event time. */
  readonly perDetectorPerMinute: number;
}

export interface GateStats {
  passed: number;
  merged: number;
  suppressed: number;
}

/** Returns `admit(draft)`: the new alert to send, or undefined when merged or rate-limited. */
export function createGate(o: GateOptions) {
  const seen = new BoundedMap<string, { at: number; alert: { id: string; count: number } }>(100_000);
  const buckets = new Map<string, { minute: number; n: number }>();
  const stats: GateStats = { passed: 0, merged: 0, suppressed: 0 };
  return {
    stats,
    admit(d: AlertDraft): Alert | undefined {
      const prev = seen.get(d.key);
      if (prev && d.at - prev.at < o.dedupeSeconds * 1000) {
        prev.alert.count++;
        stats.merged++;
        return undefined;
      }
      const minute = Math.floor(d.at / 60_000);
      const b = buckets.get(d.detector);
      if (b && b.minute === minute && b.n >= o.perDetectorPerMinute) {
        stats.suppressed++;
        return undefined;
      }
      if (b && b.minute === minute) b.n++;
      else buckets.set(d.detector, { minute, n: 1 });
      const alert = { ...d, id: randomUUID(), count: 1 };
      seen.set(d.key, { at: d.at, alert });
      stats.passed++;
      return alert;
    },
  };
}
