// AgentDojo (sequrity-ai/agentdojo): tool outputs of its four suites (banking, slack, travel,
// workspace) with and without an injection, and the user tasks' prompts. An injected output is one
// record of the suite's environment (an e-mail, file, hotel, transaction, web page …) with one of its
// injection slots holding an injection task's GOAL wrapped in one of the repo's own attack templates;
// the other slots keep their defaults. A clean output is the same record with every slot at its default.

import { parse, stringify } from 'yaml';
import { type Candidate, type Repo, pick, rng } from './lib.ts';
import { pythonStringConstants } from './text.ts';

const SUITES = ['banking', 'slack', 'travel', 'workspace'] as const;
const DATA = 'src/agentdojo/data/suites';
const TASKS = 'src/agentdojo/default_suites';

/** Injected copies drawn per (record, slot); the part's cap then samples among them. */
const VARIANTS = 10;

interface Record_ {
  readonly path: string;
  readonly value: unknown;
}

function suiteYaml(repo: Repo, suite: string): { path: string; doc: unknown }[] {
  const tags = [{ tag: '!include', resolve: () => null }];
  return repo
    .ls(`${DATA}/${suite}`)
    .filter((p) => p.endsWith('.yaml') && !p.endsWith('injection_vectors.yaml'))
    .map((path) => ({ path, doc: parse(repo.show(path), { customTags: tags }) as unknown }));
}

/** Records: mappings that are items of a list, and long (or slot-holding) strings outside any record. */
function records(doc: unknown, path: string, slot: RegExp): Record_[] {
  const out: Record_[] = [];
  const walk = (v: unknown, inList: boolean) => {
    if (Array.isArray(v)) for (const x of v) walk(x, true);
    else if (v && typeof v === 'object') {
      if (inList) out.push({ path, value: v });
      else for (const x of Object.values(v)) walk(x, false);
    } else if (typeof v === 'string' && !inList && (v.length >= 80 || slot.test(v))) {
      out.push({ path, value: v });
    }
  };
  walk(doc, false);
  return out;
}

function render(v: unknown): string {
  return (typeof v === 'string' ? v : stringify(v, { lineWidth: 0 })).trim();
}

/** Deep copy of `v` with `{slot}` placeholders replaced by `fill(slot)`. */
function substitute(v: unknown, re: RegExp, fill: (slot: string) => string): unknown {
  if (typeof v === 'string') return v.replace(re, (_m, slot: string) => fill(slot));
  if (Array.isArray(v)) return v.map((x) => substitute(x, re, fill));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, re, fill)]));
  }
  return v;
}

function defaults(repo: Repo, suite: string): Map<string, string> {
  const doc = parse(repo.show(`${DATA}/${suite}/injection_vectors.yaml`)) as Record<
    string,
    { default?: string }
  >;
  const unescape = (s: string) => s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return new Map(Object.entries(doc).map(([k, v]) => [k, unescape(String(v?.default ?? ''))]));
}

/** Every value of constant `name` in the classes of the suite's task files, all versions. */
function taskConstants(
  repo: Repo,
  suite: string,
  file: string,
  name: string,
): { text: string; path: string }[] {
  const out: { text: string; path: string }[] = [];
  for (const path of repo.ls(TASKS).filter((p) => p.endsWith(`/${suite}/${file}`))) {
    const { classes } = pythonStringConstants(repo.show(path));
    for (const attrs of classes.values()) {
      const text = attrs.get(name);
      if (text !== undefined) out.push({ text, path });
    }
  }
  return out;
}

interface Template {
  readonly text: string;
  readonly named: boolean;
}

/** The attack strings of attacks/: `_JB_STRING`s and the fixed strings the baseline attacks pass on. */
function templates(repo: Repo): Template[] {
  const out: Template[] = [];
  const important = pythonStringConstants(
    repo.show('src/agentdojo/attacks/important_instructions_attacks.py'),
  );
  const jb = important.classes.get('ImportantInstructionsAttack')?.get('_JB_STRING');
  if (jb) out.push({ text: jb, named: true });
  const baseline = repo.show('src/agentdojo/attacks/baseline_attacks.py');
  for (const m of baseline.matchAll(/super\(\).__init__\(\s*"((?:[^"\\]|\\.)*\{goal\}(?:[^"\\]|\\.)*)"/g)) {
    out.push({ text: m[1]!, named: false });
  }
  if (out.length === 0) throw new Error('agentdojo: no attack templates found');
  return out;
}

function modelNames(repo: Repo): string[] {
  const src = repo.show('src/agentdojo/models.py');
  const block = /MODEL_NAMES\s*=\s*\{([\s\S]*?)\n\}/.exec(src)?.[1] ?? '';
  const names = [...block.matchAll(/:\s*"([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set([...names, 'the AI language model'])].sort();
}

function attackText(r: () => number, ts: Template[], goal: string, models: string[]): string {
  // Half the injections use the paper's headline attack ("important_instructions"), half the others.
  const named = ts.filter((t) => t.named);
  const t = named.length > 0 && r() < 0.5 ? pick(r, named) : pick(r, ts);
  return t.text
    .replace(/\{user\}/g, pick(r, ['Emma Johnson', 'the user']))
    .replace(/\{model\}/g, pick(r, models))
    .replace(/\{goal\}/g, goal);
}

function suiteRecords(repo: Repo, suite: string) {
  const vectors = defaults(repo, suite);
  const slot = new RegExp(`\\{(${[...vectors.keys()].join('|')})\\}`, 'g');
  const test = new RegExp(slot.source);
  const recs = suiteYaml(repo, suite).flatMap(({ path, doc }) => records(doc, path, test));
  return { vectors, slot, test, recs };
}

export function agentdojoInjected(repo: Repo, seed: number): Candidate[] {
  const ts = templates(repo);
  const models = modelNames(repo);
  const out: Candidate[] = [];
  for (const suite of SUITES) {
    const r = rng(seed ^ suite.length ^ suite.charCodeAt(0));
    const goals = [
      ...new Set(taskConstants(repo, suite, 'injection_tasks.py', 'GOAL').map((g) => g.text)),
    ].sort();
    const { vectors, slot, recs } = suiteRecords(repo, suite);
    for (const rec of recs) {
      const slots = [...new Set([...render(rec.value).matchAll(slot)].map((m) => m[1]!))].sort();
      for (const target of slots) {
        for (let i = 0; i < VARIANTS; i++) {
          const attack = attackText(r, ts, pick(r, goals), models);
          const value = substitute(rec.value, slot, (s) => (s === target ? attack : vectors.get(s)!));
          out.push({ text: render(value), label: 'injection', kind: 'indirect_injection', path: rec.path });
        }
      }
    }
  }
  return out;
}

export function agentdojoClean(repo: Repo): Candidate[] {
  const out: Candidate[] = [];
  for (const suite of SUITES) {
    const { vectors, slot, recs } = suiteRecords(repo, suite);
    for (const rec of recs) {
      const value = substitute(rec.value, slot, (s) => vectors.get(s)!);
      out.push({ text: render(value), label: 'benign', kind: 'benign_document', path: rec.path });
    }
  }
  return out;
}

function dedent(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
}

export function agentdojoUserTasks(repo: Repo): Candidate[] {
  return SUITES.flatMap((suite) =>
    taskConstants(repo, suite, 'user_tasks.py', 'PROMPT').map(({ text, path }) => ({
      text: dedent(text),
      label: 'benign' as const,
      kind: 'benign_instruction',
      path,
    })),
  );
}
