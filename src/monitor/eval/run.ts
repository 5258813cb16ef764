// Replays a scenario through the detectors with time compressed: synthetic audit events, shaped
// exactly as the gateway records a classifier call (src/monitor/lib/testing.ts), carrying the answers
// of a victim trained here on the shared data. Measures what issue 6 asks for, per detector and attacker.

import { performance } from 'node:perf_hooks';
import { createEngine } from '../engine.ts';
import { monitorConfig } from '../options.ts';
import { fnv1a, rng } from '../lib/rng.ts';
import { classifierEvent } from '../lib/testing.ts';
import { discreteValues, oodScore } from '../lib/reference.ts';
import { groupKey } from '../../incidents/lifecycle.ts';
import { SEVERITY_RANK } from '../types.ts';
import { loadNumericCsv, stratifiedSplit } from '../victims/data.ts';
import { agreement, argmax, trainSoftmax } from '../victims/softmax.ts';
import {
  type Attack,
  type AttackContext,
  equation,
  hopSkipJump,
  knockoff,
  natural,
  papernot,
} from './attacks.ts';
import type { AttackerSpec, Scenario } from './scenario.ts';
import { benignSources, naturalInput, type Query, type Source } from './traffic.ts';
import { type AttackerReport, type EvalReport, summarise } from './report.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);

interface Run {
  readonly spec: AttackerSpec;
  readonly group: number;
  readonly accounts: string[];
  sent: number;
  firstAny?: number;
  firstBy: Map<string, number>;
  records?: { x: number[]; label: number }[];
  recordedAtFirst?: number;
  /** Papernot: the substitute's agreement with the victim after each training, with its label count. */
  curve?: { queries: number; agreement: number }[];
}

/** Runs the scenario; `progress` is called every 100 000 events with the count. */
export function runScenario(sc: Scenario, progress?: (n: number) => void): EvalReport {
  const t0 = performance.now();
  const ds = loadNumericCsv(sc.victim.dataset);
  const [trainIdx, poolIdx, holdIdx] = stratifiedSplit(ds.y, [0.5, 0.25, 0.25], sc.seed);
  const rows = (idx: number[]) => idx.map((i) => [...ds.X[i]!]);
  const train = rows(trainIdx!);
  const attackerPool = rows(poolIdx!);
  const holdout = rows(holdIdx!);
  const victim = trainSoftmax(
    train,
    trainIdx!.map((i) => ds.y[i]!),
    { classes: ds.classes, epochs: sc.victim.epochs, seed: sc.seed },
  );
  let correct = 0;
  holdIdx!.forEach((i, k) => {
    if (argmax(victim.predict(holdout[k]!)) === ds.y[i]) correct++;
  });
  const benignPool = [...train, ...holdout];

  // Reference for the extraction detector: feature scale from the victim's training data; OOD score
  // and low-confidence share from benign-shaped traffic (what the first days of serving would show).
  const settings = monitorConfig.pick({ detectors: true, alerts: true }).parse(sc.monitor);
  const ext = settings.detectors.extraction;
  if (ext !== false && !ext.references[sc.victim.model]) {
    const d = train[0]!.length;
    const mean = Array.from({ length: d }, (_, j) => train.reduce((a, x) => a + x[j]!, 0) / train.length);
    const std = mean.map((m, j) => Math.sqrt(train.reduce((a, x) => a + (x[j]! - m) ** 2, 0) / train.length));
    const floor = (std.reduce((a, v) => a + v, 0) / d) * 0.25;
    const ref = {
      mean,
      std: std.map((s) => Math.max(s, floor, 1e-6)),
      oodThreshold: 1,
      lowConfShare: 0,
      values: discreteValues(train).map((v) => (v ? [...v] : [])),
      min: mean.map((_, j) => Math.min(...train.map((x) => x[j]!))),
      max: mean.map((_, j) => Math.max(...train.map((x) => x[j]!))),
    };
    const rr = rng(sc.seed + 17);
    const scores: number[] = [];
    let low = 0;
    for (let i = 0; i < 5000; i++) {
      const x = naturalInput(benignPool, rr, sc.benign.noise, sc.victim.min, sc.victim.max);
      scores.push(
        oodScore(x, {
          mean: Float64Array.from(ref.mean),
          std: Float64Array.from(ref.std),
          oodThreshold: 0,
          lowConfShare: 0,
        }),
      );
      if (Math.max(...victim.predict(x)) < ext.lowConfidence.below) low++;
    }
    scores.sort((a, b) => a - b);
    ref.oodThreshold = scores[Math.floor(ext.outOfDistribution.quantile * scores.length)]!;
    ref.lowConfShare = low / 5000;
    ext.references[sc.victim.model] = ref;
  }

  // Drift injected at a known time, on benign traffic.
  const driftAt = sc.drift ? START + sc.drift.atDay * DAY : Infinity;
  const side = Math.round(Math.sqrt(train[0]!.length));
  const transform = (x: number[], at: number): number[] => {
    if (!sc.drift || at < driftAt) return x;
    const { kind, value } = sc.drift;
    if (kind === 'add') return x.map((v) => Math.min(sc.victim.max, Math.max(sc.victim.min, v + value)));
    if (kind === 'scale') return x.map((v) => Math.min(sc.victim.max, v * value));
    return x.map((_, k) => {
      const src = (k % side) - Math.round(value);
      return src >= 0 && src < side ? x[Math.floor(k / side) * side + src]! : 0;
    });
  };
  const { sources, identities: benignIds } = benignSources(sc, benignPool, START, transform);

  // Attackers.
  const runs: Run[] = [];
  const accountRun = new Map<string, Run>();
  // Addresses: every run (networks: one) or every account (networks: many) gets a /24 of its own, so
  // no two attack runs share a network by accident.
  let nets = 0;
  const net = () => {
    const n = nets++;
    return `${100 + ((n >> 14) & 1)}.${64 + ((n >> 8) & 63)}.${n & 255}`;
  };
  const heap: Source[] = [...sources];
  sc.attackers.forEach((spec, g) => {
    for (let k = 0; k < spec.runs; k++) {
      const seed = fnv1a(`${sc.seed}:${g}:${k}`);
      const rand = rng(seed);
      const accounts = Array.from({ length: spec.accounts }, (_, a) => `att-${g}-${k}-${a}`);
      const runNet = net();
      const ips = accounts.map((_, a) =>
        spec.networks === 'many' ? `${net()}.7` : `${runNet}.${(a % 250) + 1}`,
      );
      const run: Run = { spec, group: g, accounts, sent: 0, firstBy: new Map() };
      for (const a of accounts) accountRun.set(a, run);
      runs.push(run);
      const ctx: AttackContext = { victim, pool: attackerPool, rand, min: sc.victim.min, max: sc.victim.max };
      const record = (x: number[], label: number) => run.records!.push({ x, label });
      let gen: Attack;
      if (spec.kind === 'hopskipjump') gen = hopSkipJump(spec, ctx);
      else if (spec.kind === 'papernot') {
        run.curve = [];
        gen = papernot(spec, ctx, (sub, n) =>
          run.curve!.push({ queries: n, agreement: agreement(victim, sub, holdout) }),
        );
      } else if (spec.kind === 'knockoff') {
        run.records = [];
        gen = knockoff(spec, ctx, record);
      } else if (spec.kind === 'equation') gen = equation(spec, ctx);
      else if (spec.kind === 'scraper') gen = natural(spec, ctx, spec.budget);
      else
        gen = natural(
          spec,
          ctx,
          Array.from({ length: spec.days }, (_, d) => spec.firstDay * 2 ** d).reduce((a, v) => a + v, 0),
        );
      let pending = gen.next(new Float64Array(0));
      const begin =
        START + (0.1 + 0.5 * rand()) * Math.min(sc.days, 7) * DAY * (spec.kind === 'ramp' ? 0 : 1);
      const gap = (at: number) => {
        if (spec.kind === 'ramp') {
          const day = Math.floor((at - START) / DAY);
          return (DAY / (spec.firstDay * 2 ** Math.min(day, spec.days - 1))) * (0.5 + rand());
        }
        let g =
          spec.kind === 'scraper'
            ? 1000 / spec.ratePerSecond
            : (-Math.log(1 - rand()) * 1000) / spec.ratePerSecond;
        if (spec.pauseChance > 0 && rand() < spec.pauseChance)
          g += -Math.log(1 - rand()) * spec.pauseSeconds * 1000;
        return g;
      };
      let i = 0;
      const src: Source & { answer?: Float64Array } = {
        next: pending.done ? Infinity : begin,
        take() {
          const x = pending.value as number[];
          const noisy =
            spec.noise > 0
              ? x.map((v) => Math.min(sc.victim.max, Math.max(sc.victim.min, v + spec.noise * gaussOf(rand))))
              : x;
          const a = i++ % accounts.length;
          const q: Query = { at: src.next, identity: accounts[a]!, ip: ips[a]!, features: noisy };
          const p = victim.predict(noisy);
          pending = gen.next(p);
          src.next = pending.done ? Infinity : src.next + gap(src.next);
          return q;
        },
      };
      heap.push(src);
    }
  });

  // Detection bookkeeping.
  let current: Query | undefined;
  const flag = { benign: false };
  let benignDraftRequests = 0;
  let crossRunDrafts = 0;
  const driftDrafts: number[] = [];
  const engine = createEngine(settings, (d) => {
    if (d.detector.startsWith('drift.')) {
      driftDrafts.push(d.at);
      return;
    }
    // Attack runs draw their natural inputs from one shared pool, so a concurrent run's account can be
    // linked into another run's group by a shared image. An alert is credited to the run owning more
    // than half of the accounts it names; one without such a run is counted apart (a coincidence of
    // the replay), as the detection of none.
    const named = new Map<Run, number>();
    for (const id of d.identities) {
      const run = accountRun.get(id);
      if (run) named.set(run, (named.get(run) ?? 0) + 1);
    }
    let credited: Run | undefined;
    for (const [run, n] of named) if (n * 2 > d.identities.length) credited = run;
    if (named.size > 0 && !credited) crossRunDrafts++;
    if (credited) {
      if (credited.firstAny === undefined) {
        credited.firstAny = credited.sent;
        credited.recordedAtFirst = credited.records?.length;
      }
      if (!credited.firstBy.has(d.detector)) credited.firstBy.set(d.detector, credited.sent);
    }
    for (const id of d.identities)
      if (!accountRun.has(id) && benignIds.has(id) && current?.identity === id) flag.benign = true;
  });
  const benignAlerts = new Map<string, number>();
  const benignIncidents = new Set<string>();
  let benignRequests = 0;
  let events = 0;

  for (;;) {
    let bi = -1;
    let bt = Infinity;
    for (let i = 0; i < heap.length; i++)
      if (heap[i]!.next < bt) {
        bt = heap[i]!.next;
        bi = i;
      }
    if (bi < 0) break;
    const q = heap[bi]!.take();
    const run = accountRun.get(q.identity);
    if (run) run.sent++;
    else benignRequests++;
    const p = victim.predict(q.features);
    const label = argmax(p);
    current = q;
    flag.benign = false;
    const e = classifierEvent({
      at: q.at,
      identity: q.identity,
      ip: q.ip,
      model: sc.victim.model,
      features: q.features,
      label,
      confidence: p[label]!,
      requestId: `q${events}`,
    });
    const alerts = engine.process(e, q.at);
    if (flag.benign) benignDraftRequests++;
    for (const a of alerts) {
      if (a.detector.startsWith('drift.')) continue;
      const benign = a.identities.filter((id) => benignIds.has(id));
      if (!benign.length) continue;
      benignAlerts.set(a.detector, (benignAlerts.get(a.detector) ?? 0) + 1);
      if (SEVERITY_RANK[a.severity] >= SEVERITY_RANK.high) benignIncidents.add(groupKey(a));
    }
    if (++events % 100_000 === 0) progress?.(events);
    // Drop finished sources now and then, so the scan stays short.
    if (events % 4096 === 0)
      for (let i = heap.length - 1; i >= 0; i--) if (heap[i]!.next === Infinity) heap.splice(i, 1);
  }

  // Fidelity of extraction copies at first alert and at the end.
  const attackers: AttackerReport[] = [];
  sc.attackers.forEach((spec, g) => {
    const mine = runs.filter((r) => r.group === g);
    const fid = (recs: { x: number[]; label: number }[]) =>
      recs.length >= 10
        ? agreement(
            victim,
            trainSoftmax(
              recs.map((r) => r.x),
              recs.map((r) => r.label),
              { classes: ds.classes, epochs: 20, seed: 3 },
            ),
            holdout,
          )
        : 0;
    attackers.push({
      name:
        spec.name ??
        `${spec.kind}${spec.accounts > 1 ? ` ×${spec.accounts} accounts` : ''}${spec.noise > 0 || spec.pauseChance > 0 ? ' (adaptive)' : ''}`,
      kind: spec.kind,
      accounts: spec.accounts,
      runs: mine.map((r) => ({
        sent: r.sent,
        first: r.firstAny,
        firstBy: Object.fromEntries(r.firstBy),
        ...(r.curve ? substituteFidelity(r.curve, r.firstAny) : {}),
        ...(r.records
          ? {
              fidelityAtAlert:
                r.recordedAtFirst !== undefined ? fid(r.records.slice(0, r.recordedAtFirst)) : undefined,
              fidelityFinal: fid(r.records),
            }
          : {}),
      })),
    });
  });

  const driftCal = engine.detectors.find((d) => d.name === 'drift') as
    { calibrations?: () => unknown[] } | undefined;
  return summarise({
    scenario: sc,
    victimAccuracy: correct / holdout.length,
    events,
    seconds: (performance.now() - t0) / 1000,
    benignRequests,
    benignUsers: benignIds.size,
    benignAlerts: Object.fromEntries(benignAlerts),
    benignIncidents: benignIncidents.size,
    benignDraftRequests,
    crossRunDrafts,
    attackers,
    driftAt,
    driftDrafts,
    driftCalibrations: (driftCal?.calibrations?.() ?? []) as never,
    start: START,
  });
}

/**
 * Papernot: the fidelity the attacker held at the alert (its latest substitute, trained on labels it
 * had by then; 0 before the first training), the final one, and when the substitute first reached half
 * of its final agreement.
 */
function substituteFidelity(curve: { queries: number; agreement: number }[], first: number | undefined) {
  const final = curve.at(-1)?.agreement ?? 0;
  const half = curve.find((p) => p.agreement >= final / 2)?.queries;
  let atAlert: number | undefined;
  if (first !== undefined) atAlert = curve.filter((p) => p.queries <= first).at(-1)?.agreement ?? 0;
  return {
    fidelityAtAlert: atAlert,
    fidelityFinal: final,
    halfFinalAt: half,
    curve,
  };
}

function gaussOf(r: () => number): number {
  const a = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * r());
}
