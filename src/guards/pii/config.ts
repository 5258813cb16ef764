// The PII guard's own options, validated at config load; errors name the path
// (`guards.pii.regions[1]: ...`).

import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { PII_TYPES } from './lib/hit.ts';

const DEFAULT_TYPES = PII_TYPES.filter((t) => t !== 'person_name');

export const configSchema = z
  .object({
    /** Which entity types to detect. Person names are opt-in (slow and less accurate; see docs). */
    types: z
      .array(z.enum(PII_TYPES))
      .min(1)
      .default([...DEFAULT_TYPES]),
    /** Input stage: replace values by `<EMAIL_1>`-style tokens and keep the pairs to restore the answer. */
    pseudonymise: z.boolean().default(true),
    /** How long the vault keeps a request's pairs. */
    vault_ttl_seconds: z.number().int().min(1).max(86_400).default(900),
    vault: z
      .discriminatedUnion('backend', [
        z
          .object({ backend: z.literal('memory'), max_keys: z.number().int().min(1).default(100_000) })
          .strict(),
        z
          .object({
            backend: z.literal('redis'),
            url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
            prefix: z.string().default('parapet:pii:'),
          })
          .strict(),
      ])
      .default({ backend: 'memory', max_keys: 100_000 }),
    /** Regions tried, in order, for phone numbers written without a country code (ISO 3166 alpha-2). */
    regions: z
      .array(
        z
          .string()
          .regex(/^[A-Z]{2}$/, 'expected an upper-case ISO 3166 alpha-2 code')
          .refine((r) => isSupportedCountry(r), 'not a region libphonenumber-js knows'),
      )
      .min(1)
      .max(16)
      .default(['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL']),
  })
  .strict();

export type PiiConfig = z.infer<typeof configSchema>;
