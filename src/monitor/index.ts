// The monitor: streaming detectors over the gateway's audit events, alerts to sinks, incidents and
// automatic response. The gateway calls `consume(event)` after every audited call; the detectors run
// off the request path (queue + setImmediate batches, or a Redis stream for many nodes).

import type { Logger } from 'pino';
import type { AuditEvent } from '../audit/event.ts';
import type { Flags } from '../state/index.ts';
import type { Store } from '../store/index.ts';
import type { RollbackHook } from '../incidents/actions.ts';
import { type AlertSink, logSink, webhookSink } from './alerts/sinks.ts';
import { createEngine } from './engine.ts';
import { type MonitorConfig, type MonitorSettings, monitorConfig } from './options.ts';
import { createMemoryTransport } from './transport/memory.ts';
import { createRedisTransport } from './transport/redis.ts';
import type { EventTransport, TransportStats } from './transport/types.ts';
import { type Alert, SEVERITY_RANK } from './types.ts';

export { createEngine, type Engine } from './engine.ts';
export { type MonitorConfig, type MonitorSettings, monitorConfig } from './options.ts';
export { createMemoryTransport } from './transport/memory.ts';
export { createRedisTransport } from './transport/redis.ts';
export type { EventTransport, TransportStats } from './transport/types.ts';
export type { Alert, AlertDraft, Detector, Severity } from './types.ts';
export { slackPayload } from './alerts/sinks.ts';

export interface MonitorDeps {
  /** Durable records (alerts, incidents, actions) and key revocation; without it the store sink is off. */
  readonly store?: Store;
  /** Enforcement flags for automatic actions; without them `respond` rules are skipped. */
  readonly flags?: Flags;
  /** For the log sink and the monitor's own warnings. */
  readonly log?: Logger;
  /** The registry's rollback, for the rollback action. */
  readonly rollback?: RollbackHook;
}

export interface MonitorStats {
  readonly transport: TransportStats;
  readonly alerts: { passed: number; merged: number; suppressed: number };
  readonly sinkErrors: number;
  readonly actions: number;
  readonly stateEntries: Record<string, number>;
}

export interface Monitor {
  /** Hot path: enqueue one event (a few µs); never throws. */
  consume(event: AuditEvent): void;
  /** Called with each alert after dedupe (e.g. for the dashboard). */
  onAlert(listener: (a: Alert) => void): void;
  stats(): MonitorStats;
  /** Drains the queue, finishes pending sink writes and actions, closes connections. */
  close(): Promise<void>;
}

/**
 * Builds the monitor from its config section. Throws a ZodError on an invalid section (validate at
 * config load with `monitorConfig.safeParse`).
 *
 * @example
 * const monitor = createMonitor(config.monitor ?? {}, { store, flags: state.flags, log });
 * deps.onEvent = (e) => monitor.consume(e);
 * // on shutdown: await monitor.close();
 */
export function createMonitor(config: MonitorConfig, deps: MonitorDeps = {}): Monitor {
  const s: MonitorSettings = monitorConfig.parse(config);
  const engine = createEngine(s);
  const transport: EventTransport =
    s.transport.kind === 'memory'
      ? createMemoryTransport({ maxQueue: s.transport.maxQueue })
      : createRedisTransport({
          url: s.transport.url,
          prefix: s.transport.prefix,
          shards: s.transport.shards,
          ...(s.transport.consume ? { consume: s.transport.consume } : {}),
          ...(s.transport.consumer ? { consumer: s.transport.consumer } : {}),
          maxLen: s.transport.maxLen,
        });
  const listeners: ((a: Alert) => void)[] = [];
  const sinks: AlertSink[] = [];
  let useStore = false;
  for (const c of s.sinks) {
    if (c.type === 'log')
      sinks.push(
        logSink((o, m) =>
          deps.log ? deps.log.warn(o, m) : process.stderr.write(`${JSON.stringify({ ...o, msg: m })}\n`),
        ),
      );
    else if (c.type === 'webhook') sinks.push(webhookSink(c));
    else useStore = Boolean(deps.store);
  }
  let sinkErrors = 0;
  let actions = 0;
  // Durable writes and actions run one after another so an incident's timeline keeps alert order.
  let chain: Promise<void> = Promise.resolve();
  const recordsP = deps.store
    ? import('../incidents/store.ts').then(async ({ incidentStore }) => {
        const r = incidentStore(deps.store!);
        await r.migrate();
        return r;
      })
    : undefined;
  recordsP?.catch((err: Error) =>
    deps.log?.error({ err: err.message }, 'monitor: cannot prepare incident tables'),
  );

  const dispatch = (a: Alert) => {
    for (const l of listeners) l(a);
    for (const sink of sinks)
      sink.send(a).catch((err: Error) => {
        sinkErrors++;
        deps.log?.warn({ sink: sink.name, err: err.message }, 'monitor: alert sink failed');
      });
    if (!recordsP) return;
    chain = chain.then(async () => {
      try {
        const records = await recordsP;
        const { recordAlert } = await import('../incidents/lifecycle.ts');
        const incident = useStore ? await recordAlert(records, a, s.incidents.openAt) : undefined;
        if (!deps.flags) return;
        const { runAction } = await import('../incidents/actions.ts');
        for (const rule of s.respond) {
          if (SEVERITY_RANK[a.severity] < SEVERITY_RANK[rule.minSeverity]) continue;
          if (!rule.detectors.some((p) => a.detector.startsWith(p))) continue;
          for (const identity of a.identities.slice(0, 100)) {
            const ttl = rule.ttlSeconds ? { ttlSeconds: rule.ttlSeconds } : {};
            const req =
              rule.do === 'block'
                ? { action: 'block' as const, kind: 'identity' as const, id: identity, ...ttl }
                : rule.do === 'throttle'
                  ? { action: 'throttle' as const, identity, perMinute: rule.perMinute, ...ttl }
                  : rule.do === 'perturb'
                    ? { action: 'perturb' as const, identity, perturb: rule.perturb, ...ttl }
                    : { action: 'revoke_key' as const, keyId: identity };
            await runAction(
              {
                store: deps.store!,
                records,
                flags: deps.flags,
                ...(deps.rollback ? { rollback: deps.rollback } : {}),
              },
              req,
              {
                actor: 'monitor',
                reason: `${a.detector}: ${a.summary}`,
                ...(incident ? { incidentId: incident.id } : {}),
                now: Date.now(),
              },
            );
            actions++;
          }
        }
      } catch (err) {
        sinkErrors++;
        deps.log?.warn({ err: (err as Error).message }, 'monitor: recording an alert failed');
      }
    });
  };

  transport.start((batch) => {
    for (const e of batch) for (const a of engine.process(e)) dispatch(a);
  });

  return {
    consume(e) {
      if (s.enabled) transport.publish(e);
    },
    onAlert(l) {
      listeners.push(l);
    },
    stats: () => ({
      transport: { ...transport.stats },
      alerts: { ...engine.gate.stats },
      sinkErrors,
      actions,
      stateEntries: Object.fromEntries(engine.detectors.map((d) => [d.name, d.stateSize()])),
    }),
    async close() {
      await transport.close();
      await chain;
    },
  };
}
