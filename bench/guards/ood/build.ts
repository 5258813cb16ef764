// Builds the out-of-source evaluation sets of the injection guard from public repositories that
// dev.jsonl never drew on: all.jsonl (the measurement set, eleven sources) and holdout.jsonl (a
// one-time final check, five other sources). Reads each repository at a pinned commit through
// `git show`, so anyone with clones gets the same bytes. See README.md beside this file.
//
//   node bench/guards/ood/build.ts --mirror DIR [--repos repos.json] [--dev dev.jsonl] [--out /tmp/ood]
//                                  [--set all|holdout|both]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NearDupIndex } from './dedupe.ts';
import {
  type Candidate,
  MAX_CHARS,
  type Repo,
  type Row,
  type SourcePart,
  clean,
  normalise,
  openRepo,
  seededKey,
} from './lib.ts';
import { ALL_SOURCES, SEED } from './sources-all.ts';
import { HOLDOUT_SOURCES } from './sources-holdout.ts';

const HELP = `Usage: node bench/guards/ood/build.ts [options]

Builds all.jsonl and holdout.jsonl ({"text","label","source","kind"} lines) from pinned commits of
public repositories, removing exact and near (char 5-gram Jaccard >= 0.8) copies of dev.jsonl lines
(and, for holdout.jsonl, of all.jsonl lines). Writes SOURCES.md and manifest.json beside them.

Options:
  --mirror DIR     where the git directories are: DIR/<owner>+<name>/repo, DIR/<owner>+<name>,
                   DIR/<owner>/<name>(.git); a work tree's .git is used when there is one
  --repos FILE     JSON {"<owner>/<name>": {"gitDir": "...", "commit": "..."}}; overrides --mirror
                   for the repositories it names (commit optional: a different one is noted)
  --dev FILE       training data to keep out (default ../shared/data/injection/dev.jsonl)
  --out DIR        output folder (default /tmp/ood)
  --set WHICH      all, holdout or both (default both; holdout alone reads OUT/all.jsonl)
  --seed N         sampling seed (default ${SEED})
  --help           this text
`;

interface RepoConfig {
  readonly gitDir: string;
  readonly commit?: string;
}

interface PartReport {
  readonly repo: string;
  readonly commit: string;
  readonly pinned: string;
  readonly license: string;
  readonly part: string;
  readonly cap: number | null;
  readonly read: number;
  readonly tooLong: number;
  readonly unique: number;
  readonly devExact: number;
  readonly devNear: number;
  readonly inSet: number;
  readonly lines: number;
  readonly byKind: Record<string, number>;
}

function locate(mirror: string | undefined, config: Record<string, RepoConfig>, repo: string): RepoConfig {
  const named = config[repo];
  if (named) return named;
  if (!mirror) throw new Error(`no git directory for ${repo}: give --mirror or --repos`);
  const [owner, name] = repo.split('/') as [string, string];
  const tries = [
    join(mirror, `${owner}+${name}`, 'repo'),
    join(mirror, `${owner}+${name}`),
    join(mirror, owner, name),
    join(mirror, owner, `${name}.git`),
  ];
  for (const dir of tries) {
    if (existsSync(join(dir, '.git'))) return { gitDir: join(dir, '.git') };
    if (existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'))) return { gitDir: dir };
  }
  throw new Error(`no git directory for ${repo} under ${mirror} (tried ${tries.join(', ')})`);
}

function readJsonl(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

/** Cleans, drops empty and over-long texts, and keeps the first of each normalised text. */
function uniqueCandidates(cands: Candidate[]): { unique: Candidate[]; tooLong: number } {
  const seen = new Set<string>();
  const unique: Candidate[] = [];
  let tooLong = 0;
  for (const cand of cands) {
    const text = clean(cand.text);
    if (text === '') continue;
    if (text.length > MAX_CHARS) {
      tooLong++;
      continue;
    }
    const key = normalise(text);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ ...cand, text });
  }
  return { unique, tooLong };
}

/**
 * Takes one part's candidates in seeded order, skipping copies of reference lines and of lines already
 * in the set, until the cap.
 */
function takePart(
  part: SourcePart,
  repo: Repo,
  seed: number,
  reference: NearDupIndex,
  inSet: Set<string>,
): { rows: Row[]; report: PartReport } {
  const all = part.extract(repo);
  const { unique, tooLong } = uniqueCandidates(all);
  const scope = `${part.repo}:${part.part}`;
  const ordered = unique
    .map((cand) => ({ cand, key: seededKey(seed, scope, cand.text) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows: Row[] = [];
  const counts = { devExact: 0, devNear: 0, inSet: 0 };
  const cap = part.cap ?? Infinity;
  for (const { cand } of ordered) {
    if (rows.length >= cap) break;
    const key = normalise(cand.text);
    if (inSet.has(key)) {
      counts.inSet++;
      continue;
    }
    const dup = reference.match(cand.text);
    if (dup) {
      if (dup === 'exact') counts.devExact++;
      else counts.devNear++;
      continue;
    }
    inSet.add(key);
    rows.push({ text: cand.text, label: cand.label, source: `${part.repo}:${cand.path}`, kind: cand.kind });
  }
  const byKind: Record<string, number> = {};
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  const report: PartReport = {
    repo: part.repo,
    commit: repo.commit,
    pinned: part.commit,
    license: part.license,
    part: part.part,
    cap: part.cap ?? null,
    read: all.length,
    tooLong,
    unique: unique.length,
    ...counts,
    lines: rows.length,
    byKind,
  };
  return { rows, report };
}

function buildSet(
  parts: readonly SourcePart[],
  open: (part: SourcePart) => Repo,
  seed: number,
  reference: NearDupIndex,
): { rows: Row[]; reports: PartReport[] } {
  const rows: Row[] = [];
  const reports: PartReport[] = [];
  const inSet = new Set<string>();
  for (const part of parts) {
    const t0 = performance.now();
    const got = takePart(part, open(part), seed, reference, inSet);
    rows.push(...got.rows);
    reports.push(got.report);
    const ms = (performance.now() - t0).toFixed(0);
    process.stderr.write(`  ${part.repo} [${part.part}]: ${got.rows.length} lines (${ms} ms)\n`);
  }
  return { rows, reports };
}

function tally(rows: readonly Row[], key: 'label' | 'kind'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [...rows].sort((a, b) => a[key].localeCompare(b[key])))
    out[r[key]] = (out[r[key]] ?? 0) + 1;
  return out;
}

function sourcesMarkdown(name: string, rows: readonly Row[], reports: readonly PartReport[]): string {
  const lines = [
    `## ${name}: ${rows.length} lines`,
    '',
    `By label: ${Object.entries(tally(rows, 'label'))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}. By kind: ${Object.entries(tally(rows, 'kind'))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.`,
    '',
    '| repository | commit | licence | part | read | over 4000 | unique | ref exact | ref near | in set | cap | lines | by kind |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of reports) {
    const commit =
      r.commit === r.pinned
        ? r.commit.slice(0, 12)
        : `${r.commit.slice(0, 12)} (pinned ${r.pinned.slice(0, 12)})`;
    const kinds = Object.entries(r.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    lines.push(
      `| ${r.repo} | ${commit} | ${r.license} | ${r.part} | ${r.read} | ${r.tooLong} | ${r.unique} | ${r.devExact} | ${r.devNear} | ${r.inSet} | ${r.cap ?? '—'} | ${r.lines} | ${kinds} |`,
    );
  }
  return lines.join('\n') + '\n';
}

function writeJsonl(path: string, rows: readonly Row[]): void {
  const body = rows
    .map((r) => JSON.stringify({ text: r.text, label: r.label, source: r.source, kind: r.kind }))
    .join('\n');
  writeFileSync(path, body + '\n');
}

function main(): void {
  const { values: opt } = parseArgs({
    options: {
      mirror: { type: 'string' },
      repos: { type: 'string' },
      dev: {
        type: 'string',
        default: join(import.meta.dirname, '../../../../shared/data/injection/dev.jsonl'),
      },
      out: { type: 'string', default: '/tmp/ood' },
      set: { type: 'string', default: 'both' },
      seed: { type: 'string', default: String(SEED) },
      help: { type: 'boolean', default: false },
    },
  });
  if (opt.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!['all', 'holdout', 'both'].includes(opt.set))
    throw new Error(`--set: all, holdout or both, not ${opt.set}`);
  const config = opt.repos ? (JSON.parse(readFileSync(opt.repos, 'utf8')) as Record<string, RepoConfig>) : {};
  const seed = Number(opt.seed);
  const repos = new Map<string, Repo>();
  const open = (part: SourcePart): Repo => {
    const where = locate(opt.mirror, config, part.repo);
    const commit = where.commit ?? part.commit;
    const id = `${part.repo}@${commit}`;
    if (!repos.has(id)) repos.set(id, openRepo(part.repo, where.gitDir, commit));
    return repos.get(id)!;
  };
  mkdirSync(opt.out, { recursive: true });
  const reference = new NearDupIndex(0.8);
  for (const r of readJsonl(opt.dev)) reference.add(r.text);
  const manifest: Record<string, unknown> = {
    seed,
    dev: opt.dev,
    near_duplicate: 'char 5-gram Jaccard >= 0.8',
  };
  const docs: string[] = [
    '# Out-of-source evaluation sets of the injection guard',
    '',
    `Built by bench/guards/ood/build.ts, seed ${seed}. Texts over ${MAX_CHARS} characters are dropped; a`,
    'line is kept only if its lower-cased, whitespace-collapsed text is new to the set and neither equal',
    'to nor a near copy (char 5-gram Jaccard >= 0.8) of a dev.jsonl line (holdout: nor of an all.jsonl',
    'line). Caps are applied after that, in seeded order.',
    '',
  ];
  const sets: { name: string; parts: readonly SourcePart[] }[] = [];
  if (opt.set !== 'holdout') sets.push({ name: 'all.jsonl', parts: ALL_SOURCES });
  if (opt.set !== 'all') sets.push({ name: 'holdout.jsonl', parts: HOLDOUT_SOURCES });
  for (const { name, parts } of sets) {
    if (name === 'holdout.jsonl')
      for (const r of readJsonl(join(opt.out, 'all.jsonl'))) reference.add(r.text);
    process.stderr.write(`${name}\n`);
    const { rows, reports } = buildSet(parts, open, seed, reference);
    writeJsonl(join(opt.out, name), rows);
    manifest[name] = {
      lines: rows.length,
      by_label: tally(rows, 'label'),
      by_kind: tally(rows, 'kind'),
      parts: reports,
    };
    docs.push(sourcesMarkdown(name, rows, reports));
    process.stderr.write(`${name}: ${rows.length} lines\n`);
  }
  writeFileSync(join(opt.out, opt.set === 'both' ? 'SOURCES.md' : `SOURCES.${opt.set}.md`), docs.join('\n'));
  writeFileSync(
    join(opt.out, opt.set === 'both' ? 'manifest.json' : `manifest.${opt.set}.json`),
    JSON.stringify(manifest, null, 2) + '\n',
  );
}

main();
