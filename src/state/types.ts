// Shared fast state: the counters limits consume and the enforcement flags every gateway node must
// honour within a second. In-process for one node, Redis for many; one behaviour suite tests both.

export type FlagKind = 'identity' | 'source' | 'route' | 'model';

export interface Flag {
  readonly kind: FlagKind;
  readonly id: string;
  readonly reason: string;
  /** Epoch ms. */
  readonly setAt: number;
  /** Epoch ms; absent for a flag that stays until cleared. */
  readonly expiresAt?: number;
}

export interface Flags {
  set(kind: FlagKind, id: string, opts: { ttlSeconds?: number; reason: string }): Promise<void>;
  clear(kind: FlagKind, id: string): Promise<void>;
  list(): Promise<Flag[]>;
  /** Hot path, synchronous: a lookup in this node's mirror, refreshed within a second. */
  check(kind: FlagKind, id: string): boolean;
  /** The same lookup, returning the flag (its reason carries an action's parameters). */
  get(kind: FlagKind, id: string): Flag | undefined;
}

/**
 * One counter a call consumes. All ops of one `consume` call are checked first and applied only if
 * every one passes, atomically (one Lua script on Redis).
 */
export type CounterOp =
  /** Sliding-window count: `cost` against `limit` per `windowMs` (weighted previous + current window). */
  | {
      readonly type: 'window';
      readonly key: string;
      readonly limit: number;
      readonly windowMs: number;
      readonly cost: number;
    }
  /** Fixed, calendar-aligned window (daily budgets reset at 00:00 UTC). */
  | {
      readonly type: 'fixed';
      readonly key: string;
      readonly limit: number;
      readonly windowMs: number;
      readonly cost: number;
    }
  /** A slot among `limit` concurrent leases; the lease expires after `ttlMs` if never released. */
  | {
      readonly type: 'lease';
      readonly key: string;
      readonly limit: number;
      readonly ttlMs: number;
      readonly leaseId: string;
    };

export interface OpState {
  /** Units left after this call (0 when it was refused). */
  readonly remaining: number;
  /** Ms until the counter frees enough for one more unit. */
  readonly resetMs: number;
}

export type ConsumeResult =
  | { readonly ok: true; readonly states: readonly OpState[] }
  | {
      readonly ok: false;
      readonly failed: number;
      readonly retryAfterMs: number;
      readonly states: readonly OpState[];
    };

export interface Counters {
  consume(ops: readonly CounterOp[], now?: number): Promise<ConsumeResult>;
  /** Adds usage after the fact without checking (completion tokens), to window/fixed counters. */
  add(
    ops: readonly { type: 'window' | 'fixed'; key: string; windowMs: number; cost: number }[],
    now?: number,
  ): Promise<void>;
  /** Frees lease slots. */
  release(leases: readonly { key: string; leaseId: string }[]): Promise<void>;
}

export interface State {
  readonly kind: 'memory' | 'redis';
  readonly flags: Flags;
  readonly counters: Counters;
  close(): Promise<void>;
}

export type StateOptions = { kind: 'memory' } | { kind: 'redis'; url: string; prefix?: string };
