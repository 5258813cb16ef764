// Regenerates ids.json, the small list of OWASP LLM Top 10 (2025) and MITRE ATLAS identifiers the
// probes are checked against at load time, from the shared framework data (which users do not have).
// Run: node src/assurance/redteam/frameworks/generate.ts [../shared/data/frameworks]

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const owaspFile = z.object({
  version: z.string(),
  items: z.array(z.object({ id: z.string(), fullId: z.string(), title: z.string() })),
});
const atlasFile = z.object({
  version: z.string(),
  matrices: z.array(
    z.object({
      tactics: z.array(z.object({ id: z.string(), name: z.string() })),
      techniques: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          tactics: z.array(z.string()).optional(),
          'subtechnique-of': z.string().optional(),
        }),
      ),
    }),
  ),
});

export interface FrameworkIds {
  readonly owasp: { readonly version: string; readonly items: { id: string; title: string }[] };
  readonly atlas: {
    readonly version: string;
    readonly tactics: { id: string; name: string }[];
    /** Sub-techniques carry their parent's tactics. */
    readonly techniques: { id: string; name: string; tactics: string[] }[];
  };
}

/** Builds the id list from the shared folder (`.../data/frameworks`). */
export function buildIds(dir: string): FrameworkIds {
  const o = owaspFile.parse(JSON.parse(readFileSync(join(dir, 'owasp-llm-top10-2025.json'), 'utf8')));
  const a = atlasFile.parse(parse(readFileSync(join(dir, 'mitre-atlas', 'ATLAS.yaml'), 'utf8')));
  const m = a.matrices[0]!;
  const parents = new Map(m.techniques.map((t) => [t.id, t.tactics ?? []]));
  return {
    owasp: { version: o.version, items: o.items.map((i) => ({ id: i.fullId, title: i.title })) },
    atlas: {
      version: a.version,
      tactics: m.tactics.map((t) => ({ id: t.id, name: t.name })),
      techniques: m.techniques
        .map((t) => ({
          id: t.id,
          name: t.name,
          tactics: t.tactics ?? parents.get(t['subtechnique-of'] ?? '') ?? [],
        }))
        .sort((x, y) => x.id.localeCompare(y.id)),
    },
  };
}

export const SHARED_DIR = new URL('../../../../../shared/data/frameworks/', import.meta.url).pathname;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? SHARED_DIR;
  const out = new URL('./ids.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify(buildIds(dir), null, 1)}\n`);
  process.stdout.write(`wrote ${out.pathname}\n`);
}
