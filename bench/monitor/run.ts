// Monitor benchmark: (1) µs the monitor adds to the request path (consume = one queue push), (2)
// detector throughput in events/s on one core with every detector on, for realistic classifier events
// (64 features) spread over 100 000 identities, (3) heap held by detector state for 100 000 identities.
//
//   node --expose-gc bench/monitor/run.ts [--identities 100000] [--events 600000]

import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEngine, createMonitor, monitorConfig } from '../../src/monitor/index.ts';
import { rng } from '../../src/monitor/lib/rng.ts';
import { classifierEvent } from '../../src/monitor/lib/testing.ts';
import { loadNumericCsv } from '../../src/monitor/victims/data.ts';

const { values: opt } = parseArgs({
  options: {
    identities: { type: 'string', default: '100000' },
    events: { type: 'string', default: '600000' },
  },
});
const IDS = Number(opt.identities);
const EVENTS = Number(opt.events);
const gc = (globalThis as { gc?: () => void }).gc;

const ds = loadNumericCsv('digits_8x8');
const r = rng(1);
const mean = ds.names.map((_, j) => ds.X.reduce((a, x) => a + x[j]!, 0) / ds.X.length);
const std = ds.names.map((_, j) =>
  Math.max(1, Math.sqrt(ds.X.reduce((a, x) => a + (x[j]! - mean[j]!) ** 2, 0) / ds.X.length)),
);
const reference = { digits: { mean, std, oodThreshold: 3, lowConfShare: 0.05 } };
const T0 = Date.UTC(2026, 0, 5);
const event = (i: number, id: number) =>
  classifierEvent({
    at: T0 + i * 50,
    identity: `id-${id}`,
    ip: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
    model: 'digits',
    features: ds.X[Math.floor(r() * ds.X.length)]!.map((v) => (v > 0 ? v + Math.round(r() * 2 - 1) : v)),
    label: i % 10,
    confidence: 0.5 + r() * 0.5,
    requestId: `r${i}`,
  });

const settings = monitorConfig.parse({
  detectors: {
    extraction: { references: reference, maxIdentities: IDS },
    volume: { maxKeys: IDS * 3 },
    drift: { reference: 5000, window: 1000 },
  },
});

// (3) + (2): state for IDS identities, then steady throughput.
gc?.();
const heap0 = process.memoryUsage().heapUsed;
const engine = createEngine(settings);
const warm: ReturnType<typeof event>[] = [];
for (let i = 0; i < 10_000; i++) warm.push(event(i, i % IDS));
for (let id = 0; id < IDS; id++) engine.process(event(id, id));
gc?.();
const heap1 = process.memoryUsage().heapUsed;
const batch: ReturnType<typeof event>[] = [];
for (let i = 0; i < 20_000; i++) batch.push(event(IDS + i, Math.floor(r() * IDS)));
let done = 0;
const t0 = performance.now();
while (done < EVENTS) {
  for (const e of batch) engine.process(e, Date.parse(e.time) + done * 50);
  done += batch.length;
}
const secs = (performance.now() - t0) / 1000;
gc?.();
const heap2 = process.memoryUsage().heapUsed;

// (1) request path: consume() cost, with the detectors draining between rounds as in the gateway.
const monitor = createMonitor({
  detectors: { extraction: { references: reference }, drift: false },
  sinks: [],
});
const costs: number[] = [];
for (let round = 0; round < 50; round++) {
  const es = warm.slice(round * 200, round * 200 + 200);
  const s = performance.now();
  for (const e of es) monitor.consume(e);
  costs.push(((performance.now() - s) * 1000) / es.length);
  await new Promise((res) => setImmediate(res));
  await new Promise((res) => setTimeout(res, 5));
}
await monitor.close();
costs.sort((a, b) => a - b);

const mb = (b: number) => (b / 1048576).toFixed(1);
console.log(
  `machine: ${cpus()[0]?.model} ×${cpus().length}, node ${process.version}, ${new Date().toISOString()}`,
);
console.log(
  `request path: consume() adds p50 ${costs[25]!.toFixed(2)} µs, p99 ${costs[49]!.toFixed(2)} µs per event (mean per 200-event round)`,
);
console.log(
  `detectors (extraction+cluster, volume, drift, llm) on one core: ${Math.round(done / secs)} events/s over ${done} events, ${IDS} identities, 64 features`,
);
console.log(
  `detector state for ${IDS} identities: ${mb(heap1 - heap0)} MB after one event each, ${mb(heap2 - heap0)} MB after ${done} more (${gc ? 'after gc' : 'run with --expose-gc for exact figures'})`,
);
console.log(`state entries: ${engine.detectors.map((d) => `${d.name} ${d.stateSize()}`).join(', ')}`);
