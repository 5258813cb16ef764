// Helpers for the guard tests: a request scope and small stand-in guard modules built from plain
// functions, so the runner's behaviour is pinned without depending on any real detector.

import { z } from 'zod';
import type { Check, GuardHooks, GuardModule, RequestScope, Stage } from '../types.ts';

export function scope(id = 'req-1'): RequestScope {
  return { requestId: id, identity: 'user-1', model: 'm', values: new Map() };
}

/** A guard module named `name` (it must have a `guard.<name>` code) whose check is `check`. */
export function fakeGuard(
  name: string,
  check: Check,
  opts: { stages?: Stage[]; hooks?: GuardHooks; streamWindow?: number } = {},
): GuardModule<{ word?: string }> {
  return {
    manifest: {
      name,
      description: `test guard ${name}`,
      stages: opts.stages ?? ['input', 'output', 'output_stream'],
      config: z.object({ word: z.string().optional() }).strict(),
      defaultAction: 'block',
      streamWindow: opts.streamWindow,
    },
    create: () => check,
    hooks: opts.hooks ? () => opts.hooks! : undefined,
  };
}

/** Finds every occurrence of `word` in every segment (a tiny deterministic detector). */
export function wordCheck(word: string, type = 'word'): Check {
  return ({ segments }) =>
    segments.flatMap((s, segment) => {
      const out = [];
      for (let i = s.text.indexOf(word); i !== -1; i = s.text.indexOf(word, i + 1))
        out.push({ segment, start: i, end: i + word.length, type, score: 1 });
      return out;
    });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function modules(...mods: GuardModule<{ word?: string }>[]): Map<string, GuardModule<unknown>> {
  return new Map(mods.map((m) => [m.manifest.name, m as GuardModule<unknown>]));
}
