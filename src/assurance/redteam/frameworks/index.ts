// The framework ids probes may cite, from the shipped ids.json (regenerated from the shared data by
// generate.ts), so a typo or a withdrawn technique fails at load time instead of in an auditor's report.

import { readFileSync } from 'node:fs';
import type { FrameworkIds } from './generate.ts';

let cached: FrameworkIds | undefined;

/** The shipped OWASP LLM Top 10 (2025) and MITRE ATLAS id list. */
export function frameworkIds(): FrameworkIds {
  cached ??= JSON.parse(readFileSync(new URL('./ids.json', import.meta.url), 'utf8')) as FrameworkIds;
  return cached;
}

/** Problems with a plugin's framework ids (empty when every id is known). */
export function checkFrameworks(owner: string, owasp: readonly string[], atlas: readonly string[]): string[] {
  const ids = frameworkIds();
  const o = new Set(ids.owasp.items.map((i) => i.id));
  const a = new Set(ids.atlas.techniques.map((t) => t.id));
  const out: string[] = [];
  for (const id of owasp) if (!o.has(id)) out.push(`${owner}: unknown OWASP LLM Top 10 2025 id ${id}`);
  for (const id of atlas) if (!a.has(id)) out.push(`${owner}: unknown MITRE ATLAS technique ${id}`);
  return out;
}

/** ATLAS tactic ids and names of a technique. */
export function tacticsOf(technique: string): { id: string; name: string }[] {
  const ids = frameworkIds();
  const t = ids.atlas.techniques.find((x) => x.id === technique);
  return (t?.tactics ?? []).map((id) => ({
    id,
    name: ids.atlas.tactics.find((x) => x.id === id)?.name ?? id,
  }));
}
