// The Redis transport for many gateway nodes: every node XADDs its events to a stream shard chosen by
// identity, and monitor consumers read their shards through a consumer group (XREADGROUP, XACK), so all
// of one identity's events reach the same detector state whichever node served them. Unacknowledged
// entries of a restarted consumer are re-read first (at-least-once).

import { Redis } from 'ioredis';
import type { AuditEvent } from '../../audit/event.ts';
import { fnv1a } from '../lib/rng.ts';
import { identityKey } from '../types.ts';
import type { EventTransport, TransportStats } from './types.ts';

export interface RedisTransportOptions {
  readonly url: string;
  /** Key prefix; streams are `<prefix>events:<shard>`. */
  readonly prefix?: string;
  /** Number of stream shards (identity hash mod shards). */
  readonly shards?: number;
  /** Shards this process consumes (default: all). Give each monitor node a disjoint set. */
  readonly consume?: readonly number[];
  readonly group?: string;
  /** Consumer name, stable across restarts of the same node (so its pending entries are re-read). */
  readonly consumer?: string;
  /** Approximate cap per stream (XADD MAXLEN ~). */
  readonly maxLen?: number;
  /** Events buffered for XADD at most; beyond it new events are dropped and counted. */
  readonly maxQueue?: number;
  readonly batch?: number;
  /** XREADGROUP block time, ms (also the longest close() waits for the reader). */
  readonly blockMs?: number;
}

/** Creates the Redis stream transport. Connection problems are counted in stats.errors, never thrown. */
export function createRedisTransport(o: RedisTransportOptions): EventTransport {
  const prefix = o.prefix ?? 'parapet:monitor:';
  const shards = Math.max(1, o.shards ?? 1);
  const group = o.group ?? 'monitor';
  const consumer = o.consumer ?? `c-${process.pid}`;
  const maxLen = o.maxLen ?? 1_000_000;
  const maxQueue = o.maxQueue ?? 100_000;
  const batch = o.batch ?? 500;
  const blockMs = o.blockMs ?? 500;
  const stream = (s: number) => `${prefix}events:${s}`;
  const writer = new Redis(o.url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  writer.on('error', () => {});
  let reader: Redis | undefined;
  const stats: TransportStats = { published: 0, delivered: 0, dropped: 0, errors: 0 };
  let pending: AuditEvent[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let scheduled = false;
  let stopped = false;
  let loop: Promise<void> | undefined;

  const flush = async () => {
    scheduled = false;
    if (!pending.length) return;
    const out = pending;
    pending = [];
    const p = writer.pipeline();
    for (const e of out)
      p.xadd(
        stream(fnv1a(identityKey(e)) % shards),
        'MAXLEN',
        '~',
        String(maxLen),
        '*',
        'e',
        JSON.stringify(e),
      );
    try {
      const res = await p.exec();
      for (const [err] of res ?? []) if (err) stats.errors++;
    } catch {
      stats.errors += out.length;
    }
  };

  const readLoop = async (handler: (b: AuditEvent[]) => Promise<void> | void) => {
    reader = new Redis(o.url, { maxRetriesPerRequest: 2 });
    reader.on('error', () => {});
    const mine = o.consume ?? Array.from({ length: shards }, (_, i) => i);
    for (const s of mine)
      await reader.xgroup('CREATE', stream(s), group, '0', 'MKSTREAM').catch((err: Error) => {
        if (!String(err.message).includes('BUSYGROUP')) stats.errors++;
      });
    // First our own pending entries (id 0), then new ones (>).
    let ids = mine.map(() => '0');
    while (!stopped) {
      let res: [string, [string, string[]][]][] | null;
      try {
        res = (await reader.xreadgroup(
          'GROUP',
          group,
          consumer,
          'COUNT',
          batch,
          'BLOCK',
          blockMs,
          'STREAMS',
          ...mine.map(stream),
          ...ids,
        )) as [string, [string, string[]][]][] | null;
      } catch {
        if (stopped) break;
        stats.errors++;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      let got = 0;
      for (const [key, entries] of res ?? []) {
        const events: AuditEvent[] = [];
        for (const [, fields] of entries) {
          const i = fields.indexOf('e');
          try {
            if (i >= 0) events.push(JSON.parse(fields[i + 1]!) as AuditEvent);
          } catch {
            stats.errors++;
          }
        }
        got += entries.length;
        if (events.length) {
          try {
            await handler(events);
            stats.delivered += events.length;
          } catch {
            stats.errors += events.length;
          }
        }
        if (entries.length)
          await reader.xack(key, group, ...entries.map(([id]) => id)).catch(() => stats.errors++);
      }
      // Once the backlog of our pending entries is empty, switch to new ones.
      if (ids[0] === '0' && got === 0) ids = ids.map(() => '>');
    }
  };

  return {
    kind: 'redis',
    stats,
    publish(e) {
      if (pending.length >= maxQueue) {
        stats.dropped++;
        return;
      }
      pending.push(e);
      stats.published++;
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          flushing = flushing.then(flush);
        });
      }
    },
    start(handler) {
      loop ??= readLoop(handler);
    },
    async close() {
      await new Promise((r) => setImmediate(r));
      await flushing;
      await flush();
      stopped = true;
      if (loop) {
        // Let the reader drain what this node (or others) already wrote, then stop within one block.
        await loop;
      }
      reader?.disconnect();
      await writer.quit().catch(() => writer.disconnect());
    },
  };
}
