// Shared fast state: in-process for one node, Redis for many. See types.ts for the contract.

import { createMemoryState } from './memory.ts';
import type { State, StateOptions } from './types.ts';

export type {
  ConsumeResult,
  CounterOp,
  Flag,
  FlagKind,
  Flags,
  OpState,
  State,
  StateOptions,
} from './types.ts';

/** Opens the configured state backend. A Redis that cannot be reached rejects with the reason. */
export async function createState(opts: StateOptions): Promise<State> {
  if (opts.kind === 'memory') return createMemoryState();
  const { createRedisState } = await import('./redis.ts');
  return createRedisState(opts.url, opts.prefix);
}
