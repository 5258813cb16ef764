// Limits per identity and per model: requests per window, concurrent requests, tokens per minute and a
// daily token budget. One `consume` on the shared state checks all of a call's counters at once (one
// Redis round trip), so a limit of 100 per minute is 100 across every gateway node.

import { randomUUID } from 'node:crypto';
import { type Code, deny, fail, ok, type Result } from '../errors/index.ts';
import type { CounterOp, State } from '../state/index.ts';

export interface LimitRule {
  readonly requests?: { readonly limit: number; readonly window: number /* ms */ };
  readonly concurrency?: number;
  readonly tokensPerMinute?: number;
  readonly tokensPerDay?: number;
}

export interface LimitsOptions {
  /** Applies to each identity separately. */
  readonly identity?: LimitRule;
  /** Applies to each model, shared by all its callers. */
  readonly model?: LimitRule;
  /** Per-model rules replacing `model` for that model. */
  readonly models?: Readonly<Record<string, LimitRule>>;
  /** Per-identity rules replacing `identity` for that identity. */
  readonly identities?: Readonly<Record<string, LimitRule>>;
  /** A concurrency slot of a node that died is freed after this long. Default 10 minutes. */
  readonly leaseTtlMs?: number;
}

export interface Lease {
  /** RateLimit headers for the allowed answer. */
  readonly headers: Readonly<Record<string, string>>;
  /** Records actual token use and frees concurrency slots; safe to call more than once. */
  release(usage: { promptTokens?: number; completionTokens?: number }): void;
}

export interface Limiter {
  acquire(q: { identity: string; model: string; promptTokens: number }): Promise<Result<Lease>>;
  /** A rate imposed on one identity by a response action (the monitor's or an operator's throttle). */
  throttle(identity: string, perMinute: number): Promise<Result<void>>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const NO_LIMITS: Lease = { headers: {}, release() {} };

interface Planned {
  readonly op: CounterOp;
  readonly code: Code;
  readonly policy: string;
}

/** Builds the limiter. `onError` hears about failures to record usage after a call (never fatal). */
export function createLimiter(
  state: State,
  opts: LimitsOptions,
  onError: (err: unknown) => void = () => {},
): Limiter {
  const leaseTtl = opts.leaseTtlMs ?? 600_000;
  const plan = (
    scope: 'identity' | 'model',
    id: string,
    rule: LimitRule | undefined,
    tokens: number,
  ): Planned[] => {
    if (!rule) return [];
    const base = `rl:${scope}:${id}`;
    const out: Planned[] = [];
    if (rule.requests) {
      const r = rule.requests;
      out.push({
        op: { type: 'window', key: `${base}:req`, limit: r.limit, windowMs: r.window, cost: 1 },
        code: 'limit.rate',
        policy: `${scope}-requests`,
      });
    }
    if (rule.tokensPerMinute) {
      out.push({
        op: {
          type: 'window',
          key: `${base}:tpm`,
          limit: rule.tokensPerMinute,
          windowMs: MINUTE,
          cost: tokens,
        },
        code: 'limit.tokens',
        policy: `${scope}-tokens`,
      });
    }
    if (rule.tokensPerDay) {
      out.push({
        op: { type: 'fixed', key: `${base}:tpd`, limit: rule.tokensPerDay, windowMs: DAY, cost: tokens },
        code: 'limit.budget',
        policy: `${scope}-budget`,
      });
    }
    if (rule.concurrency) {
      out.push({
        op: {
          type: 'lease',
          key: `${base}:conc`,
          limit: rule.concurrency,
          ttlMs: leaseTtl,
          leaseId: randomUUID(),
        },
        code: 'limit.concurrency',
        policy: `${scope}-concurrency`,
      });
    }
    return out;
  };

  return {
    async throttle(identity, perMinute) {
      const r = await state.counters.consume([{ type: 'window', key: `rl:throttle:${identity}`, limit: perMinute, windowMs: MINUTE, cost: 1 }]);
      if (r.ok) return ok(undefined);
      const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
      return fail(
        deny('limit.rate', `This identity is throttled to ${perMinute} requests per minute by a response action; retry in ${seconds} s.`, {
          headers: { 'retry-after': String(seconds) },
          detail: { policy: 'throttle' },
        }),
      );
    },
    async acquire({ identity, model, promptTokens }) {
      const planned = [
        ...plan('identity', identity, opts.identities?.[identity] ?? opts.identity, promptTokens),
        ...plan('model', model, opts.models?.[model] ?? opts.model, promptTokens),
      ];
      if (planned.length === 0) return ok(NO_LIMITS);
      const r = await state.counters.consume(planned.map((p) => p.op));
      const headers = rateLimitHeaders(planned, r.states);
      if (!r.ok) {
        const p = planned[r.failed]!;
        const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
        const what = {
          'limit.rate': 'Too many requests',
          'limit.tokens': 'Too many tokens this minute',
          'limit.budget': 'The daily token budget is spent',
          'limit.concurrency': 'Too many concurrent requests',
        }[p.code as 'limit.rate'];
        return fail(
          deny(
            p.code,
            `${what} for this ${p.policy.startsWith('model') ? 'model' : 'identity'}; retry in ${seconds} s.`,
            {
              headers: { ...headers, 'retry-after': String(seconds) },
              detail: { policy: p.policy },
            },
          ),
        );
      }
      let released = false;
      return ok({
        headers,
        release(usage) {
          if (released) return;
          released = true;
          const leases = planned.flatMap((p) =>
            p.op.type === 'lease' ? [{ key: p.op.key, leaseId: p.op.leaseId }] : [],
          );
          // Tokens beyond the estimate: the completion, and any prompt tokens the estimate missed.
          const extra = (usage.completionTokens ?? 0) + Math.max(0, (usage.promptTokens ?? 0) - promptTokens);
          const adds =
            extra > 0
              ? planned.flatMap((p) =>
                  (p.op.type === 'window' || p.op.type === 'fixed') && p.code !== 'limit.rate'
                    ? [{ type: p.op.type, key: p.op.key, windowMs: p.op.windowMs, cost: extra }]
                    : [],
                )
              : [];
          if (leases.length > 0) state.counters.release(leases).catch(onError);
          if (adds.length > 0) state.counters.add(adds).catch(onError);
        },
      });
    },
  };
}

/**
 * IETF httpapi RateLimit fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy` names each
 * quota with its size (q) and window (w, seconds); `RateLimit` gives what remains (r) and when it
 * resets (t, seconds) for the quota closest to running out.
 */
function rateLimitHeaders(
  planned: readonly Planned[],
  states: readonly { remaining: number; resetMs: number }[],
): Record<string, string> {
  const policies: string[] = [];
  let tightest = -1;
  planned.forEach((p, i) => {
    const o = p.op;
    const w = o.type === 'lease' ? undefined : Math.round(o.windowMs / 1000);
    policies.push(`"${p.policy}";q=${o.limit}${w ? `;w=${w}` : ''}`);
    const s = states[i];
    if (
      s &&
      (tightest < 0 || s.remaining / o.limit < states[tightest]!.remaining / planned[tightest]!.op.limit)
    )
      tightest = i;
  });
  if (tightest < 0) return {};
  const s = states[tightest]!;
  return {
    'ratelimit-policy': policies.join(', '),
    ratelimit: `"${planned[tightest]!.policy}";r=${s.remaining};t=${Math.ceil(s.resetMs / 1000)}`,
  };
}
