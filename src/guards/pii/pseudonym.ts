// Reversible pseudonymisation for one request: each distinct value becomes `<EMAIL_1>`, `<PHONE_2>`…
// (the same value, however it is written, gets the same token), and the pairs go to the vault so the
// answer to this request can be restored.

import type { RequestScope } from '../types.ts';
import type { Hit, PiiType } from './lib/hit.ts';
import type { Vault, VaultKey } from './vault/types.ts';

/** Where the request's pseudonym state lives in `RequestScope.values`. */
export const SCOPE_KEY = 'pii.pseudonyms';

/** One request's tokens; kept in the request scope between the input and output stages. */
export interface PseudonymState {
  readonly vault: Vault;
  readonly key: VaultKey;
  readonly ttlMs: number;
  readonly byValue: Map<string, string>;
  readonly counters: Map<PiiType, number>;
}

/** The vault key of a request: tenant (or `-`), identity, request id. */
export function vaultKey(scope: RequestScope): VaultKey {
  return { tenant: scope.tenant ?? '-', identity: scope.identity, request: scope.requestId };
}

/** The request's state, created on first use. */
export function stateFor(scope: RequestScope, vault: Vault, ttlMs: number): PseudonymState {
  const found = scope.values.get(SCOPE_KEY) as PseudonymState | undefined;
  if (found) return found;
  const s: PseudonymState = { vault, key: vaultKey(scope), ttlMs, byValue: new Map(), counters: new Map() };
  scope.values.set(SCOPE_KEY, s);
  return s;
}

/**
 * The token for one hit; new pairs are added to `fresh` (token → the text as written) for the vault.
 */
export function tokenFor(state: PseudonymState, hit: Hit, text: string, fresh: Map<string, string>): string {
  const id = `${hit.type}\u0000${hit.key}`;
  const known = state.byValue.get(id);
  if (known) return known;
  const n = (state.counters.get(hit.type) ?? 0) + 1;
  state.counters.set(hit.type, n);
  const token = `<${hit.type.toUpperCase()}_${n}>`;
  state.byValue.set(id, token);
  fresh.set(token, text.slice(hit.start, hit.end));
  return token;
}
