// Reads the role templates shipped in ./templates and the operator's policy files, split into single
// policies whose ids say where they came from (`template:app#app.invoke`, `file:hours.cedar#1`).

import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

export interface LoadedPolicy {
  readonly id: string;
  /** Where it came from, for errors and explanations. */
  readonly origin: string;
  readonly text: string;
}

export interface Template {
  readonly name: string;
  readonly description: string;
  readonly text: string;
}

const TEMPLATES = new URL('./templates/', import.meta.url);

/** The shipped role templates; the first comment line of each file is its description. */
export function templates(): Template[] {
  return readdirSync(TEMPLATES)
    .filter((f) => f.endsWith('.cedar'))
    .sort()
    .map((f) => {
      const text = readFileSync(new URL(f, TEMPLATES), 'utf8');
      const first = text.split('\n')[0] ?? '';
      return { name: f.slice(0, -6), description: first.replace(/^\/\/\s*/, ''), text };
    });
}

export function loadPolicies(
  files: readonly string[],
  inline?: string,
): { ok: true; value: LoadedPolicy[] } | { ok: false; error: string } {
  const out: LoadedPolicy[] = [];
  const sources: { origin: string; prefix: string; text: string }[] = templates().map((t) => ({
    origin: `template ${t.name}`,
    prefix: `template:${t.name}`,
    text: t.text,
  }));
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return {
        ok: false,
        error: `${file}: cannot read policy file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      };
    }
    sources.push({ origin: file, prefix: `file:${basename(file)}`, text });
  }
  if (inline) sources.push({ origin: 'inline policies', prefix: 'inline', text: inline });
  for (const src of sources) {
    const parts = cedar.policySetTextToParts(src.text);
    if (parts.type === 'failure') {
      const e = parts.errors[0]!;
      const loc = e.sourceLocations?.[0];
      const line = loc ? `:${src.text.slice(0, loc.start).split('\n').length}` : '';
      return { ok: false, error: `${src.origin}${line}: ${e.message}` };
    }
    parts.policies.forEach((text, i) => {
      const named = /@id\("([^"]{1,100})"\)/.exec(text)?.[1];
      out.push({
        id: `${src.prefix}#${named ?? i}`,
        origin: `${src.origin}${named ? ` (${named})` : ` policy ${i}`}`,
        text,
      });
    });
  }
  const ids = new Set<string>();
  for (const p of out) {
    if (ids.has(p.id)) return { ok: false, error: `${p.origin}: duplicate policy id ${p.id}` };
    ids.add(p.id);
  }
  return { ok: true, value: out };
}
