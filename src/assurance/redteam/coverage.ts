// Framework coverage: which OWASP LLM Top 10 (2025) items and ATLAS tactics the run tested, how often
// the attacks landed there, and which items nothing tests.

import { frameworkIds, tacticsOf } from './frameworks/index.ts';
import type { Cell, RunResult } from './result.ts';
import type { Probe } from './types.ts';

/** Coverage of a run's cells against every shipped probe's mapping. */
export function coverage(cells: readonly Cell[], all: readonly Probe[]): RunResult['coverage'] {
  const ids = frameworkIds();
  const ran = new Set(cells.map((c) => c.probe));
  const item = (
    id: string,
    title: string,
    probesOf: (c: { owasp: readonly string[]; atlas: readonly string[] }) => boolean,
  ) => {
    const mine = cells.filter(probesOf);
    return {
      id,
      title,
      probes: [...new Set(mine.map((c) => c.probe))].sort(),
      attempts: mine.reduce((a, c) => a + c.attempts, 0),
      successes: mine.reduce((a, c) => a + c.successes, 0),
    };
  };
  const owasp = ids.owasp.items.map((o) => item(o.id, o.title, (c) => c.owasp.includes(o.id)));
  const tactic = (c: { atlas: readonly string[] }, id: string): boolean =>
    c.atlas.some((t) => tacticsOf(t).some((x) => x.id === id));
  const atlasTactics = ids.atlas.tactics
    .map((t) => item(t.id, t.name, (c) => tactic(c, t.id)))
    .filter((t) => t.probes.length > 0 || all.some((p) => tactic(p.frameworks, t.id)));
  const mapped = all.length;
  return { owasp, atlasTactics, ratio: mapped ? Math.round((ran.size / mapped) * 1e4) / 1e4 : 0 };
}
