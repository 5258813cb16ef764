// Drift of inputs and outputs per segment (model × tenant): each feature (and the answer's confidence
// and label) is binned on a reference window; every tumbling live window is compared with it (PSI as
// the alarm statistic; KS, Jensen–Shannon and Wasserstein as evidence). The threshold is not a p-value:
// it is set so that, on the reference, the expected time between false alarms is what the operator
// configured at the traffic seen in the reference. Page–Hinkley per feature dates the change.

import { z } from 'zod';
import { BoundedMap } from '../lib/bounded.ts';
import { rng } from '../lib/rng.ts';
import { jensenShannon, ksBinned, meanVar, normalQuantile, psi, wassersteinBinned } from '../lib/stats.ts';
import type { AlertDraft, Detector } from '../types.ts';
import { featureRow, type Segment, segmentKey } from './lib/drift-features.ts';

export const driftOptions = z
  .object({
    /** Events that make a segment's reference window. */
    reference: z.number().int().min(100).max(1_000_000).default(5000),
    /** Events per live window (tumbling). */
    window: z.number().int().min(50).max(1_000_000).default(1000),
    bins: z.number().int().min(2).max(50).default(10),
    /** The expected time between false alarms, at the reference window's traffic. */
    falseAlarmEveryDays: z.number().positive().default(30),
    /** Bootstrap draws used to calibrate the threshold. */
    calibrationDraws: z.number().int().min(50).max(10_000).default(300),
    maxSegments: z.number().int().min(1).max(100_000).default(1000),
    maxFeatures: z.number().int().min(1).max(4096).default(256),
    /** Segment by tenant as well as model. */
    byTenant: z.boolean().default(true),
    /** Page–Hinkley tolerance, in reference standard deviations. */
    pageHinkleyDelta: z.number().min(0).default(0.1),
    seed: z.number().int().default(11),
  })
  .strict();

export type DriftOptions = z.input<typeof driftOptions>;
type Opts = z.output<typeof driftOptions>;

interface Feature {
  readonly name: string;
  /** Column in the event's feature row. */
  readonly index: number;
  /** Upper edges of bins (value ≤ edge[i] → bin i; above all → last bin). */
  readonly edges: Float64Array;
  readonly centers: Float64Array;
  readonly ref: Float64Array;
  readonly live: Float64Array;
  readonly mean: number;
  readonly std: number;
  ph: { up: number; upMin: number; upMinAt: number; down: number; downMax: number; downMaxAt: number };
}

interface SegState {
  readonly seg: Segment;
  rows: number[][];
  firstAt: number;
  lastAt: number;
  features?: Feature[];
  threshold?: number;
  perDay?: number;
  inWindow: number;
  windows: number;
  windowStart: number;
}

/** Calibration summary for operators (also in each drift alert's evidence). */
export interface DriftCalibration {
  readonly segment: string;
  readonly threshold: number;
  readonly eventsPerDay: number;
  readonly falseAlarmEveryDays: number;
  readonly perWindowFalseAlarm: number;
}

const binOf = (f: Feature, v: number): number => {
  let lo = 0;
  let hi = f.edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= f.edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

function buildFeatures(rows: number[][], names: string[], o: Opts): Feature[] {
  const out: Feature[] = [];
  for (let j = 0; j < names.length; j++) {
    const col = rows.map((r) => r[j] ?? 0).sort((a, b) => a - b);
    const edges: number[] = [];
    for (let b = 1; b < o.bins; b++) {
      const q = col[Math.min(col.length - 1, Math.floor((b / o.bins) * col.length))]!;
      if (edges.length === 0 || q > edges[edges.length - 1]!) edges.push(q);
    }
    if (edges.length === 0) continue; // constant in the reference: nothing to compare
    const nb = edges.length + 1;
    const f: Feature = {
      name: names[j]!,
      index: j,
      edges: Float64Array.from(edges),
      centers: new Float64Array(nb),
      ref: new Float64Array(nb),
      live: new Float64Array(nb),
      ...(() => {
        const mv = meanVar(col);
        return { mean: mv.mean, std: Math.sqrt(mv.variance) || 1 };
      })(),
      ph: { up: 0, upMin: 0, upMinAt: 0, down: 0, downMax: 0, downMaxAt: 0 },
    };
    for (const v of col) {
      const b = binOf(f, v);
      f.ref[b]!++;
      f.centers[b]! += v;
    }
    for (let b = 0; b < nb; b++)
      f.centers[b] = f.ref[b]! ? f.centers[b]! / f.ref[b]! : (f.edges[Math.min(b, f.edges.length - 1)] ?? 0);
    out.push(f);
  }
  return out;
}

/**
 * Bootstrap of the max-over-features PSI between a window of `w` reference rows and the reference,
 * inflated by (1 + w/n) for the reference's own sampling noise; a gamma fitted by moments gives the
 * (1 − p) quantile.
 */
function calibrate(rows: number[][], feats: Feature[], o: Opts, p: number): number {
  const r = rng(o.seed);
  const n = rows.length;
  const draws: number[] = [];
  const counts = feats.map((f) => new Float64Array(f.ref.length));
  for (let d = 0; d < o.calibrationDraws; d++) {
    for (const c of counts) c.fill(0);
    for (let i = 0; i < o.window; i++) {
      const row = rows[Math.floor(r() * n)]!;
      feats.forEach((f, k) => {
        counts[k]![binOf(f, row[f.index] ?? 0)]!++;
      });
    }
    let max = 0;
    feats.forEach((f, k) => {
      max = Math.max(max, psi(f.ref, counts[k]!));
    });
    draws.push(max * (1 + o.window / n));
  }
  const { mean, variance } = meanVar(draws);
  if (variance <= 0) return mean * 2 || 0.1;
  // Gamma(shape k, scale θ) by moments; its quantile through Wilson–Hilferty on χ²(2k).
  const k = (mean * mean) / variance;
  const theta = variance / mean;
  const df = 2 * k;
  const z = normalQuantile(1 - p);
  const h = 2 / (9 * df);
  return (theta / 2) * df * Math.max(0, 1 - h + z * Math.sqrt(h)) ** 3;
}

/** The drift detector. `calibrations()` lists each segment's threshold and the run length it buys. */
export function createDriftDetector(input: DriftOptions = {}) {
  const o = driftOptions.parse(input);
  const segs = new BoundedMap<string, SegState>(o.maxSegments);
  const calib = new Map<string, DriftCalibration>();

  const detector: Detector & { calibrations(): DriftCalibration[] } = {
    name: 'drift',
    stateSize: () => segs.size,
    calibrations: () => [...calib.values()],
    observe(e, at, emit: (a: AlertDraft) => void) {
      if (e.decision !== 'allow' || !e.request.model) return;
      const fr = featureRow(e, o.maxFeatures);
      if (!fr) return;
      const seg = { model: e.request.model, tenant: o.byTenant ? e.identity.tenant : undefined };
      const key = segmentKey(seg);
      const s = segs.upsert(key, () => ({
        seg,
        rows: [],
        firstAt: at,
        lastAt: at,
        inWindow: 0,
        windows: 0,
        windowStart: at,
      }));
      if (!s.features) {
        s.rows.push(fr.values);
        s.lastAt = at;
        if (s.rows.length < o.reference) return;
        s.features = buildFeatures(s.rows, fr.names, o);
        const days = Math.max((s.lastAt - s.firstAt) / 86_400_000, 1e-9);
        s.perDay = s.rows.length / days;
        const p = Math.min(0.5, o.window / (s.perDay * o.falseAlarmEveryDays));
        s.threshold = calibrate(s.rows, s.features, o, p);
        calib.set(key, {
          segment: key,
          threshold: s.threshold,
          eventsPerDay: s.perDay,
          falseAlarmEveryDays: o.falseAlarmEveryDays,
          perWindowFalseAlarm: p,
        });
        s.rows = [];
        s.windowStart = at;
        return;
      }
      for (const f of s.features) {
        const v = fr.values[f.index] ?? 0;
        f.live[binOf(f, v)]!++;
        const zv = (v - f.mean) / f.std;
        const ph = f.ph;
        ph.up += zv - o.pageHinkleyDelta;
        if (ph.up < ph.upMin) {
          ph.upMin = ph.up;
          ph.upMinAt = at;
        }
        ph.down += zv + o.pageHinkleyDelta;
        if (ph.down > ph.downMax) {
          ph.downMax = ph.down;
          ph.downMaxAt = at;
        }
      }
      if (++s.inWindow < o.window) return;
      s.windows++;
      let top: Feature | undefined;
      let topPsi = 0;
      const scores: { f: Feature; v: number }[] = [];
      for (const f of s.features) {
        const v = psi(f.ref, f.live);
        scores.push({ f, v });
        if (v > topPsi) {
          topPsi = v;
          top = f;
        }
      }
      if (top && topPsi > s.threshold!) {
        scores.sort((a, b) => b.v - a.v);
        const ph = top.ph;
        const upGain = ph.up - ph.upMin;
        const downGain = ph.downMax - ph.down;
        const since = upGain >= downGain ? ph.upMinAt : ph.downMaxAt;
        emit({
          detector: 'drift.psi',
          severity: 'medium',
          key: `drift:${key}`,
          summary: `${key}: ${top.name} drifted (PSI ${topPsi.toFixed(3)} > ${s.threshold!.toFixed(3)}, set for 1 false alarm per ${o.falseAlarmEveryDays} days at ${Math.round(s.perDay!)} events/day)`,
          evidence: {
            feature: top.name,
            psi: r4(topPsi),
            threshold: r4(s.threshold!),
            ks: r4(ksBinned(top.ref, top.live)),
            jensenShannon: r4(jensenShannon(top.ref, top.live)),
            wasserstein: r4(wassersteinBinned(top.ref, top.live, top.centers)),
            driftedFeatures: scores.filter((x) => x.v > s.threshold!).length,
            next: scores[1] ? `${scores[1].f.name} ${r4(scores[1].v)}` : '',
            changeSince: new Date(since || s.windowStart).toISOString(),
            falseAlarmEveryDays: o.falseAlarmEveryDays,
            eventsPerDay: Math.round(s.perDay!),
            window: o.window,
          },
          identities: [],
          models: [s.seg.model],
          requestIds: [e.requestId],
          at,
        });
        for (const f of s.features)
          f.ph = { up: 0, upMin: 0, upMinAt: at, down: 0, downMax: 0, downMaxAt: at };
      }
      for (const f of s.features) f.live.fill(0);
      s.inWindow = 0;
      s.windowStart = at;
    },
  };
  return detector;
}

const r4 = (v: number) => Math.round(v * 10_000) / 10_000;
