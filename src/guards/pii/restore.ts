// Puts the original values back into the model's answer for the same request: whole texts, and
// streamed deltas where a token may be split across chunks (`<EMA` + `IL_1>`).

import type { RequestScope } from '../types.ts';
import { type PseudonymState, SCOPE_KEY } from './pseudonym.ts';

const TOKEN = /<([A-Z_]{2,20})_(\d{1,6})>/g;
/** The longest token: `<` + 20 letters + `_` + 6 digits + `>`. */
const MAX_TOKEN = 29;

/** Replaces every known token in `text` with its original; unknown tokens are left as they are. */
export function restoreWith(text: string, pairs: ReadonlyMap<string, string>): string {
  if (pairs.size === 0 || !text.includes('<')) return text;
  return text.replace(TOKEN, (t) => pairs.get(t) ?? t);
}

async function pairsFor(scope: RequestScope): Promise<ReadonlyMap<string, string>> {
  const state = scope.values.get(SCOPE_KEY) as PseudonymState | undefined;
  if (!state) return new Map();
  // The vault is the authority: it enforces the TTL and the tenant/identity/request scoping.
  return state.vault.get(state.key);
}

/**
 * Restores the originals pseudonymised by this request's input stage into `text` (the answer).
 * Returns `text` unchanged when nothing was pseudonymised or the vault entry has expired.
 *
 * @example
 * const answer = await restore(completion.choices[0].message.content, scope);
 */
export async function restore(text: string, scope: RequestScope): Promise<string> {
  return restoreWith(text, await pairsFor(scope));
}

/** Drops this request's pairs from the vault now (after the answer was restored), not at the TTL. */
export async function forget(scope: RequestScope): Promise<void> {
  const state = scope.values.get(SCOPE_KEY) as PseudonymState | undefined;
  if (state) await state.vault.drop(state.key);
}

/** Restores tokens in a stream of deltas; `push` returns what can be emitted now. */
export interface StreamRestorer {
  push(delta: string): string;
  /** No more deltas: the held-back tail, restored. */
  end(): string;
}

/** A streaming restorer over fixed pairs: holds back at most a partial token (≤ 28 characters). */
export function streamRestorerWith(pairs: ReadonlyMap<string, string>): StreamRestorer {
  let held = '';
  return {
    push(delta) {
      const text = held + delta;
      held = '';
      const lt = text.lastIndexOf('<');
      if (lt !== -1 && text.length - lt < MAX_TOKEN && /^<[A-Z_0-9]*$/.test(text.slice(lt))) {
        held = text.slice(lt);
        return restoreWith(text.slice(0, lt), pairs);
      }
      return restoreWith(text, pairs);
    },
    end() {
      const rest = held;
      held = '';
      return restoreWith(rest, pairs);
    },
  };
}

/**
 * Opens a streaming restorer for this request's answer (reads the vault once).
 *
 * @example
 * const r = await openStreamRestorer(scope);
 * for await (const delta of upstream) send(r.push(delta));
 * send(r.end());
 */
export async function openStreamRestorer(scope: RequestScope): Promise<StreamRestorer> {
  return streamRestorerWith(await pairsFor(scope));
}
