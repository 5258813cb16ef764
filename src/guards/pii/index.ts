// The PII guard: e-mail, phone numbers (international), payment cards, IBANs, US SSNs, IP addresses,
// dates of birth in context and street addresses, found by linear scanners. On the input stage values
// can be pseudonymised (`<EMAIL_1>`) and restored in the answer with `restore` / `openStreamRestorer`.

import type { CountryCode } from 'libphonenumber-js';
import type { Finding, GuardModule } from '../types.ts';
import { configSchema, type PiiConfig } from './config.ts';
import { type DetectOptions, detect } from './lib/detect.ts';
import { PII_TYPES, type PiiType } from './lib/hit.ts';
import { type PseudonymState, SCOPE_KEY, stateFor, tokenFor } from './pseudonym.ts';
import { createMemoryVault } from './vault/memory.ts';
import type { Vault } from './vault/types.ts';

export { PII_TYPES, type PiiType } from './lib/hit.ts';
export { type PiiConfig } from './config.ts';
export {
  forget,
  restore,
  restoreWith,
  openStreamRestorer,
  streamRestorerWith,
  type StreamRestorer,
} from './restore.ts';
export type { Vault, VaultKey } from './vault/types.ts';
export { createMemoryVault } from './vault/memory.ts';

/** Opens the vault the config names (Redis connects here, at config load). */
export async function openVault(cfg: PiiConfig['vault']): Promise<Vault> {
  if (cfg.backend === 'memory') return createMemoryVault({ maxKeys: cfg.max_keys });
  const { createRedisVault } = await import('./vault/redis.ts');
  return createRedisVault(cfg.url, cfg.prefix);
}

/** Detector options from validated config; loads the name tagger only when `person_name` is on. */
export async function detectOptions(cfg: PiiConfig): Promise<DetectOptions> {
  const types = new Set<PiiType>(cfg.types);
  const names = types.has('person_name') ? (await import('./lib/names.ts')).findNames : undefined;
  return { types, regions: cfg.regions as CountryCode[], ...(names ? { names } : {}) };
}

/** `[EMAIL]`, `[PHONE]`…: the mask of each type when values are not pseudonymised. */
const MASKS = Object.fromEntries(PII_TYPES.map((t) => [t, `[${t.toUpperCase()}]`])) as Record<
  PiiType,
  string
>;

const pii: GuardModule<PiiConfig> = {
  manifest: {
    name: 'pii',
    description:
      'Personal data: e-mail, phone, payment card, IBAN, US SSN, IP address, date of birth, street address.',
    stages: ['input', 'output', 'output_stream'],
    findingTypes: PII_TYPES,
    config: configSchema,
    defaultAction: 'mask',
    frameworks: { owasp: ['LLM02:2025'], atlas: ['AML.T0057'] },
    streamWindow: 256,
  },
  hooks: (cfg) => ({
    // Models keep placeholders more reliably when told what they are; only added when there are some.
    systemAddition(scope) {
      if (!cfg.pseudonymise) return undefined;
      const state = scope.values.get(SCOPE_KEY) as PseudonymState | undefined;
      if (!state || state.byValue.size === 0) return undefined;
      return 'Placeholders such as <EMAIL_1> stand for personal data the user gave; keep them exactly as written.';
    },
  }),
  async create(cfg) {
    const opts = await detectOptions(cfg);
    const vault = cfg.pseudonymise ? await openVault(cfg.vault) : undefined;
    const ttlMs = cfg.vault_ttl_seconds * 1000;
    return ({ segments, stage, scope }) => {
      const out: Finding[] = [];
      const pseudo = vault && stage === 'input' ? stateFor(scope, vault, ttlMs) : undefined;
      const fresh = new Map<string, string>();
      segments.forEach((s, segment) => {
        for (const h of detect(s.text, opts)) {
          const replacement = pseudo ? tokenFor(pseudo, h, s.text, fresh) : MASKS[h.type];
          out.push({ segment, start: h.start, end: h.end, type: h.type, score: h.score, replacement });
        }
      });
      if (!pseudo || fresh.size === 0) return out;
      return pseudo.vault.put(pseudo.key, fresh, pseudo.ttlMs).then(() => out);
    };
  },
};

export default pii;
