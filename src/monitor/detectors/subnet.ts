// Accounts that split an extraction between them from one network: per source subnet (IPv4 /24,
// IPv6 /64) and model, the share of recent queries that are out of distribution or synthetic, over
// the subnet's accounts together. A Knockoff-style harvest spread over 100 accounts sends each only a
// few dozen queries (below every per-account test) but from a handful of subnets; honest users behind
// one NAT send in-distribution queries, and one misbehaving user there is not a cluster (the alert
// needs several distinct suspect accounts).

import { z } from 'zod';
import { BoundedMap } from '../lib/bounded.ts';
import { FlagRing } from '../lib/ring.ts';
import type { AlertDraft } from '../types.ts';

export const subnetOptions = z
  .object({
    /** Recent queries per subnet and model judged together. */
    window: z.number().int().min(10).max(10_000).default(100),
    /** Queries of the subnet and model seen before the share is judged. */
    minQueries: z.number().int().min(1).default(30),
    /** Alert when the suspect share of the window exceeds this... */
    share: z.number().min(0).max(1).default(0.3),
    /** ...and the suspect queries came from at least this many accounts. */
    minIdentities: z.number().int().min(2).default(5),
    maxSubnets: z.number().int().min(1).max(10_000_000).default(50_000),
  })
  .strict();

export type SubnetOptions = z.input<typeof subnetOptions>;

/** The network an address belongs to: IPv4 /24, IPv6 /64 (IPv4-mapped IPv6 as IPv4). */
export function subnetOf(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(':')) {
    const [head = ''] = ip.split('::');
    const groups = head.split(':').filter(Boolean).slice(0, 4);
    while (groups.length < 4) groups.push('0');
    return `${groups.join(':').toLowerCase()}::/64`;
  }
  return ip;
}

interface Group {
  readonly flags: FlagRing;
  /** The identity of each suspect query in the window (undefined for the others), same order as flags. */
  readonly who: (string | undefined)[];
  next: number;
}

export function createSubnetGroups(input: SubnetOptions = {}) {
  const o = subnetOptions.parse(input);
  const groups = new BoundedMap<string, Group>(o.maxSubnets);
  return {
    stateSize: () => groups.size,
    add(
      q: { ip: string; identity: string; model: string; suspect: boolean; requestId: string; at: number },
      emit: (a: AlertDraft) => void,
    ): void {
      const net = subnetOf(q.ip);
      const key = `${net}\u0000${q.model}`;
      const g = groups.upsert(key, () => ({
        flags: new FlagRing(o.window),
        who: new Array<string | undefined>(o.window),
        next: 0,
      }));
      g.flags.push(q.suspect);
      g.who[g.next] = q.suspect ? q.identity : undefined;
      g.next = (g.next + 1) % o.window;
      if (!q.suspect || g.flags.size < Math.min(o.minQueries, o.window) || g.flags.share() <= o.share) return;
      const suspects = new Set<string>();
      for (const w of g.who) if (w !== undefined) suspects.add(w);
      if (suspects.size < o.minIdentities) return;
      const members = [...suspects].sort();
      emit({
        detector: 'extraction.subnet',
        severity: 'high',
        key: `extraction.subnet:${q.model}:${net}`,
        summary: `${(g.flags.share() * 100).toFixed(0)}% of the last ${g.flags.size} queries to ${q.model} from ${net} are out of distribution or synthetic, from ${members.length} accounts: one harvest split across accounts`,
        evidence: {
          subnet: net,
          share: Math.round(g.flags.share() * 1000) / 1000,
          limit: o.share,
          window: g.flags.size,
          accounts: members.length,
          minAccounts: o.minIdentities,
        },
        identities: members.slice(0, 100),
        models: [q.model],
        sources: [q.ip],
        requestIds: [q.requestId],
        at: q.at,
      });
    },
  };
}
