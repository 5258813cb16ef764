// Linking accounts that split one attack between them: every query goes into a global table of
// locality-sensitive hashes (p-stable projections, Datar et al. 2004) over recent queries of all
// identities; a near-copy of another identity's recent query links the two, and a linked group whose
// shared near-copies pass a threshold is judged — and alerted on — as one cluster.

import { z } from 'zod';
import { BoundedMap } from '../lib/bounded.ts';
import { gauss, rng } from '../lib/rng.ts';
import { qdist } from '../lib/ring.ts';
import type { AlertDraft } from '../types.ts';

export const clusterOptions = z
  .object({
    /** Recent queries (all identities) kept in the global table. */
    capacity: z.number().int().min(100).max(5_000_000).default(50_000),
    tables: z.number().int().min(1).max(32).default(6),
    projections: z.number().int().min(1).max(16).default(4),
    /** Bucket width in standard units (larger: more candidates, fewer misses). */
    width: z.number().positive().default(4),
    /** Near-copy radius in standard units (default: the per-identity near-duplicate radius). */
    radius: z.number().positive().optional(),
    /**
     * Near-copies between two identities before they count as linked. Shared near-copies fade (see
     * halfLifeMinutes), and a link lives while its faded count is at least half of this: one
     * near-copy links two accounts for one half-life.
     */
    linkMin: z.number().int().min(1).default(1),
    /** Near-copies across a linked group before it raises an alert. */
    clusterMatches: z.number().int().min(1).default(20),
    minMembers: z.number().int().min(2).default(2),
    maxIdentities: z.number().int().min(1).default(100_000),
    /** Links and shared near-copies fade with this half-life, so unrelated coincidences never add up. */
    halfLifeMinutes: z.number().positive().default(60),
    seed: z.number().int().default(7),
  })
  .strict();

export type ClusterOptions = z.input<typeof clusterOptions>;

interface Slot {
  identity: string;
  model: string;
  vec: Int8Array;
  /** Fingerprint of the raw input: the same input from two accounts is a popular input, not a walk. */
  fp: number;
  hashes: number[];
}

interface Node {
  /** Other identity → decayed count of near-copies shared, and when last updated. */
  readonly links: Map<string, { w: number; at: number }>;
  matches: number;
  at: number;
}

/** The cluster linker: `add` each query (from the extraction detector's tap). */
export function createClusterLinker(input: ClusterOptions = {}) {
  const parsed = clusterOptions.parse(input);
  const o = { ...parsed, radius: parsed.radius ?? 0.75 };
  const slots: (Slot | undefined)[] = new Array(o.capacity);
  let next = 0;
  const buckets = new Map<number, number[]>();
  const nodes = new BoundedMap<string, Node>(o.maxIdentities);
  let proj: { a: Float64Array[]; b: number[] } | undefined;
  let dim = 0;

  const project = (d: number) => {
    const r = rng(o.seed);
    const a: Float64Array[] = [];
    const b: number[] = [];
    for (let i = 0; i < o.tables * o.projections; i++) {
      const v = new Float64Array(d);
      for (let j = 0; j < d; j++) v[j] = gauss(r) / 16; // vectors are quantised ×16
      a.push(v);
      b.push(r() * o.width);
    }
    dim = d;
    proj = { a, b };
  };

  const hashes = (vec: Int8Array, model: string): number[] => {
    const out: number[] = [];
    let mh = 0x811c9dc5;
    for (let i = 0; i < model.length; i++) mh = Math.imul(mh ^ model.charCodeAt(i), 0x01000193);
    for (let t = 0; t < o.tables; t++) {
      let h = Math.imul(mh ^ t, 0x01000193);
      for (let k = 0; k < o.projections; k++) {
        const idx = t * o.projections + k;
        const a = proj!.a[idx]!;
        let dot = proj!.b[idx]!;
        for (let j = 0; j < dim; j++) dot += a[j]! * vec[j]!;
        h = Math.imul(h ^ Math.floor(dot / o.width), 0x01000193);
      }
      out.push(h >>> 0);
    }
    return out;
  };

  const unlink = (slotIdx: number) => {
    const old = slots[slotIdx];
    if (!old) return;
    for (const h of old.hashes) {
      const list = buckets.get(h);
      if (!list) continue;
      const i = list.indexOf(slotIdx);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) buckets.delete(h);
    }
  };

  const hl = o.halfLifeMinutes * 60_000;
  const decay = (v: number, from: number, to: number) => v * 2 ** (-Math.max(0, to - from) / hl);
  const node = (id: string): Node => nodes.upsert(id, () => ({ links: new Map(), matches: 0, at: 0 }));
  const bump = (n: Node, other: string, at: number) => {
    const l = n.links.get(other);
    n.links.set(other, { w: (l ? decay(l.w, l.at, at) : 0) + 1, at });
    if (n.links.size > 256) n.links.delete(n.links.keys().next().value!);
  };

  /** The linked group of an identity (breadth-first over live links, at most 1000 members). */
  const component = (start: string, at: number): string[] => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length && seen.size < 1000) {
      const n = nodes.peek(queue.shift()!);
      if (!n) continue;
      for (const [other, l] of n.links)
        if (decay(l.w, l.at, at) >= o.linkMin / 2 && !seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
    }
    return [...seen];
  };

  return {
    stateSize: () => nodes.size + buckets.size,
    /** Links two identities by a relation other than a near-copy (a Jacobian step from the other's query). */
    link(a: string, b: string, at: number): void {
      if (a === b) return;
      bump(node(a), b, at);
      bump(node(b), a, at);
    },
    /** The linked group of an identity (itself first), or undefined when it has no live link. */
    linked(identity: string, at: number): string[] | undefined {
      const n = nodes.peek(identity);
      if (!n || n.links.size === 0) return undefined;
      const members = component(identity, at);
      return members.length >= o.minMembers ? members : undefined;
    },
    add(
      q: { identity: string; model: string; vec: Int8Array; fp: number; requestId: string; at: number },
      emit: (a: AlertDraft) => void,
    ): void {
      if (!proj || dim !== q.vec.length) {
        if (proj) return; // one dimension per linker; other models' shapes are skipped
        project(q.vec.length);
      }
      const hs = hashes(q.vec, q.model);
      const others = new Set<string>();
      for (const h of hs) {
        const list = buckets.get(h);
        if (!list) continue;
        for (const si of list) {
          const s = slots[si];
          if (
            !s ||
            s.identity === q.identity ||
            others.has(s.identity) ||
            s.model !== q.model ||
            s.fp === q.fp
          )
            continue;
          if (qdist(s.vec, q.vec, dim) < o.radius) others.add(s.identity);
        }
      }
      unlink(next);
      const vec = Int8Array.from(q.vec);
      slots[next] = { identity: q.identity, model: q.model, vec, fp: q.fp, hashes: hs };
      for (const h of hs) {
        const list = buckets.get(h);
        if (list) {
          list.push(next);
          if (list.length > 16) list.shift();
        } else buckets.set(h, [next]);
      }
      next = (next + 1) % o.capacity;
      if (others.size === 0) return;
      const me = node(q.identity);
      me.matches = decay(me.matches, me.at, q.at) + 1;
      me.at = q.at;
      for (const other of others) {
        bump(me, other, q.at);
        bump(node(other), q.identity, q.at);
      }
      const members = component(q.identity, q.at);
      if (members.length < o.minMembers) return;
      let total = 0;
      for (const m of members) {
        const n = nodes.peek(m);
        if (n) total += decay(n.matches, n.at, q.at);
      }
      total = Math.round(total * 10) / 10;
      if (total < o.clusterMatches) return;
      const sorted = members.sort();
      emit({
        detector: 'extraction.cluster',
        severity: 'high',
        key: `extraction.cluster:${q.model}:${sorted[0]}`,
        summary: `${members.length} accounts share ${total} near-copy queries to ${q.model}: one search split across accounts`,
        evidence: {
          members: members.length,
          sharedNearCopies: total,
          threshold: o.clusterMatches,
          linkMin: o.linkMin,
          radius: o.radius,
        },
        identities: sorted.slice(0, 100),
        models: [q.model],
        requestIds: [q.requestId],
        at: q.at,
      });
    },
  };
}
