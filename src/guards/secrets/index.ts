// The secrets guard: credentials in prompts and answers — cloud keys, SaaS tokens, private keys,
// JWTs, database passwords and high-entropy values in key-like context. Linear-time scanning.

import { z } from 'zod';
import type { Finding, GuardModule } from '../types.ts';
import { scanSecrets } from './scan.ts';

const config = z
  .object({
    /** Finding types to switch off, e.g. `[jwt, generic_secret]`. */
    disable: z.array(z.string()).default([]),
    /** Bits per character a keyed value needs to count as a generic secret. */
    min_entropy: z.number().min(0).max(8).default(3.5),
  })
  .strict();

const secrets: GuardModule<z.infer<typeof config>> = {
  manifest: {
    name: 'secrets',
    description: 'Credentials and secrets: cloud and SaaS keys, private keys, JWTs, database passwords.',
    stages: ['input', 'output', 'output_stream'],
    config,
    defaultAction: 'mask',
    frameworks: { owasp: ['LLM02:2025'], atlas: ['AML.T0057'] },
    streamWindow: 512,
  },
  create(cfg) {
    const opts = { disable: new Set(cfg.disable), minEntropy: cfg.min_entropy };
    return ({ segments }) => {
      const out: Finding[] = [];
      segments.forEach((s, segment) => {
        // One by one, not by spread: a hostile text can yield tens of thousands of findings.
        for (const f of scanSecrets(s.text, opts, segment)) out.push(f);
      });
      return out;
    };
  },
};

export default secrets;
