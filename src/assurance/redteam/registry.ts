// The red-team registry, built from the folders: every file in probes/, strategies/ and graders/
// default-exports one plugin named like the file. Adding a probe is adding a file.

import { readdirSync } from 'node:fs';
import { checkFrameworks } from './frameworks/index.ts';
import type { Grader, Probe, Strategy } from './types.ts';

export interface Registry {
  readonly probes: ReadonlyMap<string, Probe>;
  readonly strategies: ReadonlyMap<string, Strategy>;
  readonly graders: ReadonlyMap<string, Grader>;
}

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

async function folder<T extends { name: string }>(
  dir: string,
  valid: (m: unknown) => m is T,
  problems: string[],
): Promise<Map<string, T>> {
  const base = new URL(`./${dir}/`, import.meta.url);
  const out = new Map<string, T>();
  for (const file of readdirSync(base).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const name = file.slice(0, -3);
    if (!NAME.test(name)) continue;
    const mod = ((await import(new URL(file, base).href)) as { default?: unknown }).default;
    if (!valid(mod)) problems.push(`${dir}/${file}: does not default-export a ${dir.slice(0, -1)}`);
    else if (mod.name !== name)
      problems.push(`${dir}/${file}: exports the name ${mod.name}, expected ${name}`);
    else out.set(name, mod);
  }
  return out;
}

const isProbe = (m: unknown): m is Probe => {
  const p = m as Probe | undefined;
  return Boolean(p && typeof p.name === 'string' && typeof p.cases === 'function' && p.frameworks);
};
const isStrategy = (m: unknown): m is Strategy => {
  const s = m as Strategy | undefined;
  return Boolean(s && typeof s.name === 'string' && typeof s.apply === 'function');
};
const isGrader = (m: unknown): m is Grader => {
  const g = m as Grader | undefined;
  return Boolean(g && typeof g.name === 'string' && typeof g.grade === 'function');
};

let loaded: Promise<Registry> | undefined;

/**
 * Loads every probe, strategy and grader and checks them: names match files, framework ids exist in
 * the shipped OWASP/ATLAS lists, every probe's strategies exist. Throws on a broken plugin (a bug in
 * the shipped code, not bad user input).
 */
export function loadRegistry(): Promise<Registry> {
  loaded ??= (async () => {
    const problems: string[] = [];
    const probes = await folder('probes', isProbe, problems);
    const strategies = await folder('strategies', isStrategy, problems);
    const graders = await folder('graders', isGrader, problems);
    for (const p of probes.values()) {
      problems.push(...checkFrameworks(`probes/${p.name}`, p.frameworks.owasp, p.frameworks.atlas));
      if (p.frameworks.owasp.length === 0 || p.frameworks.atlas.length === 0)
        problems.push(`probes/${p.name}: needs at least one OWASP and one ATLAS id`);
      for (const s of p.strategies)
        if (!strategies.has(s)) problems.push(`probes/${p.name}: unknown strategy ${s}`);
    }
    for (const s of strategies.values())
      problems.push(...checkFrameworks(`strategies/${s.name}`, [], s.atlas ?? []));
    if (problems.length) throw new Error(`red-team plugins are broken:\n${problems.join('\n')}`);
    return { probes, strategies, graders };
  })();
  return loaded;
}
