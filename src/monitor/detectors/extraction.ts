// Extraction and boundary search on classifier endpoints, per identity and model: the PRADA test
// (Juuti et al., EuroS&P 2019: per predicted class, the distance from each query to the identity's
// earlier queries of that class; an attacker's distances are far from normal),
// stateful near-duplicate counting (Chen–Carlini–Wagner 2020, Blacklight 2022: boundary walks query
// many near-copies), the share of low-confidence answers, the share of out-of-distribution queries,
// and the share of queries whose feature values real inputs never take (synthetic inputs: Jacobian
// steps of ±λ, blends and random points land between the values of discrete features).

import { z } from 'zod';
import type { AuditEvent } from '../../audit/event.ts';
import { BoundedMap } from '../lib/bounded.ts';
import { clusterOptions, createClusterLinker } from './cluster.ts';
import { createGroupJudge } from './group.ts';
import { createStepFinder, type StepMatch, stepOptions } from './steps.ts';
import { createSubnetGroups, subnetOptions } from './subnet.ts';
import { type ModelReference, offValueShare, oodScore, ReferenceLearner } from '../lib/reference.ts';
import { FlagRing, NumberRing, VectorRing } from '../lib/ring.ts';
import { fnv1a } from '../lib/rng.ts';
import { meanVar, shapiroWilkW } from '../lib/stats.ts';
import { type AlertDraft, type Detector, identityKey } from '../types.ts';

export const extractionOptions = z
  .object({
    /** Identities × models tracked at once (least recently seen forgotten first). */
    maxIdentities: z.number().int().min(1).max(10_000_000).default(20_000),
    /** Recent queries kept per identity for distances (bytes each: feature count). */
    history: z.number().int().min(8).max(1024).default(64),
    /** Events per model used to learn its reference when none is configured. */
    warmup: z.number().int().min(20).max(1_000_000).default(2000),
    prada: z
      .object({
        /**
         * Alert (medium: it opens no incident alone) when W of the last `window` min-distances falls
         * below this. Honest traffic with bursts of near-identical queries also fails the test now and
         * then (about 30 alerts per million requests in the replay), so it corroborates, not convicts.
         */
        threshold: z.number().min(0).max(1).default(0.83),
        /** Distances tested (the test waits until it has this many: its minimum sample size). */
        window: z.number().int().min(20).max(5000).default(100),
        /** Queries kept per predicted class (the paper's growing set G_c, bounded). */
        perClass: z.number().int().min(1).max(1024).default(16),
        /** Predicted classes tracked per identity (answers of further classes are skipped). */
        maxClasses: z.number().int().min(1).max(1000).default(64),
        /** Test every this many queries (W costs a sort). */
        every: z.number().int().min(1).max(1000).default(10),
      })
      .prefault({}),
    nearDuplicate: z
      .object({
        /** Distance (standard units) under which a query is a near-copy of an earlier one. */
        radius: z.number().positive().default(0.5),
        /** Alert when this many of the last `window` queries were near-copies. */
        count: z.number().int().min(1).default(20),
        window: z.number().int().min(10).max(10_000).default(100),
      })
      .prefault({}),
    lowConfidence: z
      .object({
        below: z.number().min(0).max(1).default(0.6),
        /** Alert when the share over `window` answers is above max(minShare, factor × reference share). */
        minShare: z.number().min(0).max(1).default(0.5),
        factor: z.number().min(1).default(4),
        window: z.number().int().min(10).max(10_000).default(100),
        minQueries: z.number().int().min(1).default(50),
      })
      .prefault({}),
    outOfDistribution: z
      .object({
        /** Reference quantile of the OOD score that defines "out of distribution". */
        quantile: z.number().min(0.5).max(0.99999).default(0.995),
        share: z.number().min(0).max(1).default(0.3),
        window: z.number().int().min(10).max(10_000).default(100),
        minQueries: z.number().int().min(1).default(40),
      })
      .prefault({}),
    syntheticValues: z
      .object({
        /** A query is synthetic when at least this share of its discrete features take unseen values. */
        share: z.number().min(0).max(1).default(0.25),
        /** Alert when this many of the last `window` queries were synthetic. */
        count: z.number().int().min(1).default(20),
        window: z.number().int().min(10).max(10_000).default(100),
      })
      .prefault({}),
    /** Given references per model (else learned from warmup). */
    references: z
      .record(
        z.string(),
        z.object({
          mean: z.array(z.number()).max(4096),
          std: z.array(z.number().positive()).max(4096),
          oodThreshold: z.number().positive(),
          lowConfShare: z.number().min(0).max(1),
          /** Per feature, the values real inputs take ([] for a continuous feature). */
          values: z.array(z.array(z.number()).max(1024)).max(4096).optional(),
          /** Per feature, the smallest and largest value real inputs take. */
          min: z.array(z.number()).max(4096).optional(),
          max: z.array(z.number()).max(4096).optional(),
        }),
      )
      .default({}),
    /**
     * Jacobian steps (Papernot): queries that move the features of an earlier query of the same
     * identity by one common amount; `false` turns it off.
     */
    steps: z.union([stepOptions, z.literal(false)]).prefault({}),
    /** Accounts of one subnet judged together (out-of-distribution and synthetic share); `false` turns it off. */
    subnet: z.union([subnetOptions, z.literal(false)]).prefault({}),
    /** Linking of accounts that split one search between them; `false` turns it off. */
    cluster: z.union([clusterOptions, z.literal(false)]).prefault({}),
  })
  .strict();

export type ExtractionOptions = z.input<typeof extractionOptions>;

interface IdentityState {
  readonly ring: VectorRing;
  readonly dists: NumberRing;
  readonly near: FlagRing;
  readonly low: FlagRing;
  readonly ood: FlagRing;
  readonly synthetic: FlagRing;
  /** Jacobian steps from the identity's own earlier queries (its own test). */
  readonly steps: FlagRing;
  /** Steps from its own or another account's queries (what a linked group pools). */
  readonly stepsAny: FlagRing;
  /** The latest step found (the alert quotes it). */
  lastStep?: StepMatch;
  /** Fingerprints of the inputs in `ring` (exact repeats are retries, not walks). */
  readonly fps: Uint32Array;
  fpNext: number;
  queries: number;
  sinceTest: number;
  readonly lastIds: string[];
  /** PRADA: per predicted class, the kept queries (G_c). */
  readonly byClass: Map<string | number, VectorRing>;
}

/** The per-identity extraction detector, with the cluster linker over the same quantised queries. */
export function createExtractionDetector(input: ExtractionOptions = {}): Detector {
  const o = extractionOptions.parse(input);
  const linker =
    o.cluster === false ? undefined : createClusterLinker({ radius: o.nearDuplicate.radius, ...o.cluster });
  const subnets = o.subnet === false ? undefined : createSubnetGroups(o.subnet);
  const stepper = o.steps === false ? undefined : createStepFinder(o.steps);
  const refs = new Map<string, ModelReference>();
  for (const [m, r] of Object.entries(o.references))
    refs.set(m, {
      mean: Float64Array.from(r.mean),
      std: Float64Array.from(r.std),
      oodThreshold: r.oodThreshold,
      lowConfShare: r.lowConfShare,
      ...(r.values
        ? { values: r.values.map((v) => (v.length ? Float64Array.from(v).sort() : undefined)) }
        : {}),
      ...(r.min && r.max && r.min.length === r.mean.length && r.max.length === r.mean.length
        ? { min: Float64Array.from(r.min), max: Float64Array.from(r.max) }
        : {}),
    });
  const learners = new Map<string, ReferenceLearner>();

  /**
   * PRADA's update (Juuti et al. 2019, Algorithm 1): the distance from q to the nearest kept query of
   * its predicted class joins D; q is kept in G_c when that distance exceeds mean(D) − std(D).
   * The first query of a class only starts G_c.
   */
  const pradaAdd = (s: IdentityState, label: string | number, q: Int8Array, d: number) => {
    let g = s.byClass.get(label);
    if (!g) {
      if (s.byClass.size >= o.prada.maxClasses) return;
      g = new VectorRing(o.prada.perClass, d);
      s.byClass.set(label, g);
      g.push(q);
      return;
    }
    const dist = g.minDistance(q);
    const { mean, variance } = s.dists.size > 1 ? meanVar(s.dists.values()) : { mean: 0, variance: 0 };
    s.dists.push(dist);
    if (dist > mean - Math.sqrt(variance)) g.push(q);
  };
  const states = new BoundedMap<string, IdentityState>(o.maxIdentities);
  let zbuf = new Float64Array(0);
  let qbuf = new Int8Array(0);

  const reference = (
    model: string,
    x: readonly number[],
    conf: number | undefined,
  ): ModelReference | undefined => {
    const r = refs.get(model);
    if (r) return r;
    let l = learners.get(model);
    if (!l) {
      if (learners.size >= 1000) return undefined;
      l = new ReferenceLearner(o.warmup, o.lowConfidence.below, o.outOfDistribution.quantile);
      learners.set(model, l);
    }
    const learned = l.add(x, conf);
    if (learned) {
      refs.set(model, learned);
      learners.delete(model);
    }
    return undefined;
  };

  const judgeGroup = linker
    ? createGroupJudge(
        [
          ...(o.steps !== false ? [{ name: 'jacobian_steps', ring: 'stepsAny' as const, ...o.steps }] : []),
          { name: 'synthetic_values', ring: 'synthetic' as const, ...o.syntheticValues },
          { name: 'near_duplicate', ring: 'near' as const, ...o.nearDuplicate },
          {
            name: 'out_of_distribution',
            ring: 'ood' as const,
            count: o.outOfDistribution.minQueries * o.outOfDistribution.share,
            window: 1 / o.outOfDistribution.share,
          },
        ],
        (who, at) => linker.linked(who, at),
        (id, model) => states.peek(`${id}\u0000${model}`),
      )
    : () => {};

  return {
    name: 'extraction',
    stateSize: () => states.size + (linker?.stateSize() ?? 0) + (subnets?.stateSize() ?? 0),
    observe(e: AuditEvent, at: number, emit: (a: AlertDraft) => void) {
      const x = e.inference?.features;
      const model = e.request.model;
      if (!x || x.length === 0 || !model || e.decision !== 'allow') return;
      const conf = e.inference?.confidence;
      const ref = reference(model, x, conf);
      if (!ref || ref.mean.length !== x.length) return;
      const d = x.length;
      if (zbuf.length !== d) {
        zbuf = new Float64Array(d);
        qbuf = new Int8Array(d);
      }
      for (let i = 0; i < d; i++) zbuf[i] = (x[i]! - ref.mean[i]!) / ref.std[i]!;
      const q = VectorRing.quantise(zbuf, qbuf);
      const who = identityKey(e);
      const key = `${who}\u0000${model}`;
      const s = states.upsert(key, () => ({
        ring: new VectorRing(o.history, d),
        dists: new NumberRing(o.prada.window),
        near: new FlagRing(o.nearDuplicate.window),
        low: new FlagRing(o.lowConfidence.window),
        ood: new FlagRing(o.outOfDistribution.window),
        synthetic: new FlagRing(o.syntheticValues.window),
        steps: new FlagRing(o.steps === false ? 10 : o.steps.window),
        stepsAny: new FlagRing(o.steps === false ? 10 : o.steps.window),
        fps: new Uint32Array(o.history),
        fpNext: 0,
        queries: 0,
        sinceTest: 0,
        lastIds: [],
        byClass: new Map(),
      }));
      if (s.ring.dim !== d) return;
      s.queries++;
      s.lastIds.push(e.requestId);
      if (s.lastIds.length > 20) s.lastIds.shift();
      if (conf !== undefined) s.low.push(conf < o.lowConfidence.below);
      const isOod = oodScore(x, ref) > ref.oodThreshold;
      s.ood.push(isOod);
      const offShare = offValueShare(x, ref);
      const isSynthetic = !Number.isNaN(offShare) && offShare >= o.syntheticValues.share;
      if (!Number.isNaN(offShare)) s.synthetic.push(isSynthetic);
      // A retry (same input again) is neither evidence of a walk nor a new distance.
      const fp =
        e.inference?.fingerprint !== undefined ? fnv1a(e.inference.fingerprint) || 1 : fingerprint(x);
      const retry = s.fps.includes(fp);
      let isStep = false;
      let ownStep = false;
      if (!retry) {
        s.fps[s.fpNext] = fp;
        s.fpNext = (s.fpNext + 1) % s.fps.length;
        const dmin = s.ring.minDistance(q);
        const isNear = dmin < o.nearDuplicate.radius;
        if (dmin !== Infinity) s.near.push(isNear);
        s.ring.push(q);
        if (e.inference?.label !== undefined) pradaAdd(s, e.inference.label, q, d);
        let from: string | undefined;
        if (stepper) {
          const m = stepper.observe(key, who, model, x, ref);
          // A step from another account's query links the two; only steps from its own count for its test.
          isStep = m !== undefined;
          s.stepsAny.push(isStep);
          ownStep = m !== undefined && m.from === undefined;
          s.steps.push(ownStep);
          if (m && m.from === undefined) s.lastStep = m;
          from = m?.from;
        }
        // Only queries that are suspect on their own link accounts: two accounts sending near-copies
        // of a natural, confidently answered input share a popular input, not a search.
        const lowConf = conf !== undefined && conf < o.lowConfidence.below;
        if (linker && (isOod || isSynthetic || isStep || lowConf)) {
          linker.add({ identity: who, model, vec: q, fp, requestId: e.requestId, at }, emit);
          // A step from another account's query: the two are one attack split between them.
          if (from) linker.link(who, from, at);
          judgeGroup(who, model, at, e.requestId, emit);
        } else if (linker && isNear) judgeGroup(who, model, at, e.requestId, emit);
      }
      subnets?.add(
        {
          ip: e.source.ip,
          identity: who,
          model,
          // A step from another account's query only links the two (see the cluster test).
          suspect: isOod || isSynthetic || ownStep,
          requestId: e.requestId,
          at,
        },
        emit,
      );

      const base = {
        identities: [who],
        models: [model],
        sources: [e.source.ip],
        at,
        requestIds: [...s.lastIds],
      };
      if (s.near.ones >= o.nearDuplicate.count)
        emit({
          ...base,
          detector: 'extraction.near_duplicate',
          severity: 'high',
          key: `extraction.near_duplicate:${key}`,
          summary: `${who} sent ${s.near.ones} near-copies of its own earlier queries in its last ${s.near.size} to ${model} (boundary search pattern)`,
          evidence: {
            nearCopies: s.near.ones,
            window: s.near.size,
            radius: o.nearDuplicate.radius,
            threshold: o.nearDuplicate.count,
            queries: s.queries,
          },
        });
      const low = s.low.share();
      const lowLimit = Math.max(o.lowConfidence.minShare, o.lowConfidence.factor * ref.lowConfShare);
      if (s.low.size >= o.lowConfidence.minQueries && low > lowLimit)
        emit({
          ...base,
          detector: 'extraction.low_confidence',
          severity: 'medium',
          key: `extraction.low_confidence:${key}`,
          summary: `${(low * 100).toFixed(0)}% of ${who}'s last ${s.low.size} answers from ${model} were below confidence ${o.lowConfidence.below} (reference ${(ref.lowConfShare * 100).toFixed(1)}%)`,
          evidence: {
            share: round(low),
            limit: round(lowLimit),
            referenceShare: round(ref.lowConfShare),
            window: s.low.size,
            queries: s.queries,
          },
        });
      if (s.synthetic.ones >= o.syntheticValues.count)
        emit({
          ...base,
          detector: 'extraction.synthetic_values',
          severity: 'high',
          key: `extraction.synthetic_values:${key}`,
          summary: `${s.synthetic.ones} of ${who}'s last ${s.synthetic.size} queries to ${model} set feature values real inputs never take (synthetic-query extraction or search pattern)`,
          evidence: {
            syntheticQueries: s.synthetic.ones,
            window: s.synthetic.size,
            threshold: o.syntheticValues.count,
            featureShare: o.syntheticValues.share,
            queries: s.queries,
          },
        });
      if (o.steps !== false && s.steps.ones >= o.steps.count && s.lastStep) {
        const st = s.lastStep;
        emit({
          ...base,
          detector: 'extraction.jacobian_steps',
          severity: 'high',
          key: `extraction.jacobian_steps:${key}`,
          summary: `${s.steps.ones} of ${who}'s last ${s.steps.size} queries to ${model} each move the features of one of its earlier queries by one common amount (latest: ${st.equal} of ${st.moved} moved features by ${round(st.step)}, ${st.lag} queries back): Jacobian-augmentation extraction pattern (Papernot)`,
          evidence: {
            stepQueries: s.steps.ones,
            window: s.steps.size,
            threshold: o.steps.count,
            step: round(st.step),
            movedFeatures: st.moved,
            equalFeatures: st.equal,
            comparedFeatures: Math.min(o.steps.coordinates, d),
            lagQueries: st.lag,
            tolerance: o.steps.tolerance,
            queries: s.queries,
          },
        });
      }
      const ood = s.ood.share();
      if (s.ood.size >= o.outOfDistribution.minQueries && ood > o.outOfDistribution.share)
        emit({
          ...base,
          detector: 'extraction.out_of_distribution',
          severity: 'medium',
          key: `extraction.out_of_distribution:${key}`,
          summary: `${(ood * 100).toFixed(0)}% of ${who}'s last ${s.ood.size} queries to ${model} lie outside the reference distribution`,
          evidence: {
            share: round(ood),
            limit: o.outOfDistribution.share,
            oodScoreThreshold: round(ref.oodThreshold),
            referenceQuantile: o.outOfDistribution.quantile,
            queries: s.queries,
          },
        });
      if (!retry && s.dists.size >= o.prada.window && ++s.sinceTest >= o.prada.every) {
        s.sinceTest = 0;
        const w = shapiroWilkW(s.dists.values());
        if (w < o.prada.threshold)
          emit({
            ...base,
            detector: 'extraction.prada',
            severity: 'medium',
            key: `extraction.prada:${key}`,
            summary: `distances between ${who}'s queries to ${model} and its earlier ones of the same predicted class are far from normal (Shapiro–Wilk W ${w.toFixed(3)} < ${o.prada.threshold}): synthetic-query extraction pattern`,
            evidence: { W: round(w), threshold: o.prada.threshold, window: s.dists.size, queries: s.queries },
          });
      }
    },
  };
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** A 32-bit fingerprint of a feature vector when the gateway did not send one (0 is reserved). */
function fingerprint(x: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const v of x) {
    h ^= Math.round(v * 1e6) | 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}
