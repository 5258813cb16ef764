// Playbooks: what responders do for each kind of incident — steps, roles, escalation — as YAML files
// beside this module, validated when loaded. Detectors map to a playbook by their prefix.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const playbookSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
    title: z.string().min(1).max(200),
    /** Detectors (prefixes) whose alerts open this playbook. */
    detectors: z.array(z.string().max(100)).max(50),
    roles: z.record(z.string().max(50), z.string().max(500)),
    steps: z
      .array(
        z
          .object({
            id: z.string().max(50),
            role: z.string().max(50),
            do: z.string().max(2000),
            /** A CLI action to run, with placeholders {identity}, {model}, {source}. */
            action: z.string().max(300).optional(),
            automatic: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    escalation: z
      .array(
        z
          .object({
            afterMinutes: z.number().int().positive(),
            status: z.enum(['open', 'acknowledged', 'contained']),
            notify: z.string().max(200),
          })
          .strict(),
      )
      .max(10),
  })
  .strict();

export type Playbook = z.output<typeof playbookSchema>;

const DIR = join(import.meta.dirname, 'playbooks');

/** Loads and validates every shipped playbook (throws on a broken shipped file: a bug). */
export function loadPlaybooks(dir = DIR): Map<string, Playbook> {
  const out = new Map<string, Playbook>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const pb = playbookSchema.parse(parse(readFileSync(join(dir, f), 'utf8')));
    out.set(pb.name, pb);
  }
  return out;
}

const BY_PREFIX: readonly [string, string][] = [
  ['extraction.', 'model_extraction'],
  ['llm.canary', 'data_leakage'],
  ['llm.', 'prompt_injection_campaign'],
  ['volume.source_keys', 'key_compromise'],
  ['volume.', 'key_compromise'],
  ['drift.', 'model_tampering'],
  ['tamper.', 'model_tampering'],
];

/** The playbook name for a detector. */
export function playbookFor(detector: string): string {
  for (const [p, name] of BY_PREFIX) if (detector.startsWith(p)) return name;
  return 'model_extraction';
}
