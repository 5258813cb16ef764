// The eleven public sources of all.jsonl (the out-of-source measurement set): one extractor per part,
// each pinned to the commit the set was first built from.

import { parse } from 'yaml';
import { agentdojoClean, agentdojoInjected, agentdojoUserTasks } from './agentdojo.ts';
import { type Candidate, type Label, type Repo, type SourcePart, parseJsonLines } from './lib.ts';
import { readParquet } from './parquet.ts';
import { markdownParagraphs, markdownTableCells } from './text.ts';

export const SEED = 1337;

const c = (text: string, label: Label, kind: string, path: string): Candidate => ({
  text,
  label,
  kind,
  path,
});

function tensorTrust(repo: Repo): Candidate[] {
  const paths = [
    'benchmarks/hijacking-robustness/v1/hijacking_robustness_dataset.jsonl',
    'benchmarks/extraction-robustness/v1/extraction_robustness_dataset.jsonl',
  ];
  return paths.flatMap((path) =>
    (parseJsonLines(repo.show(path)) as { attack: string }[]).map((r) =>
      c(r.attack, 'injection', 'direct_injection', path),
    ),
  );
}

function jailbreakBench(repo: Repo): Candidate[] {
  const paths = repo
    .ls('attack-artifacts')
    .filter((p) => p.endsWith('.json') && !/attack-info|evaluation|submission|test-artifact/.test(p));
  return paths.flatMap((path) => {
    const doc = JSON.parse(repo.show(path)) as { jailbreaks: { prompt: string | null }[] };
    return doc.jailbreaks
      .filter((j) => typeof j.prompt === 'string' && j.prompt.trim() !== '')
      .map((j) => c(j.prompt!, 'injection', 'jailbreak', path));
  });
}

function latentJailbreak(repo: Repo): Candidate[] {
  const paths = repo.ls('data').filter((p) => /^data\/P\d+\/[^/]+\/P\d+_(prefix|suffix)\.json$/.test(p));
  return paths.flatMap((path) => {
    const doc = JSON.parse(repo.show(path)) as Record<string, { context: string }[]>;
    return Object.values(doc).flatMap((xs) => xs.map((x) => c(x.context, 'injection', 'jailbreak', path)));
  });
}

/** Rules that attack the prompt (distraction, prompt stealing, jailbreak); the harmful, hate and
 * bias rules are plain harmful questions, not injections, and are left out. */
function promptmap(repo: Repo): Candidate[] {
  const kinds: Record<string, string> = {
    distraction: 'direct_injection',
    prompt_stealing: 'direct_injection',
    jailbreak: 'jailbreak',
  };
  return repo
    .ls('rules')
    .filter((p) => p.endsWith('.yaml'))
    .flatMap((path) => {
      const rule = parse(repo.show(path)) as { type?: string; prompt?: string };
      const kind = kinds[rule.type ?? ''];
      return kind && rule.prompt ? [c(rule.prompt, 'injection', kind, path)] : [];
    });
}

function deepset(repo: Repo): Candidate[] {
  return repo
    .ls('data/raw')
    .filter((p) => p.endsWith('.parquet'))
    .flatMap((path) =>
      readParquet(repo.showBytes(path)).map((r) =>
        Number(r.label) === 1
          ? c(String(r.text), 'injection', 'direct_injection', path)
          : c(String(r.text), 'benign', 'benign_instruction', path),
      ),
    );
}

/** Prompts of PROMPTS.md that give the model a role or persona. */
function awesomePrompts(repo: Repo): Candidate[] {
  const path = 'PROMPTS.md';
  const out: Candidate[] = [];
  for (const block of repo
    .show(path)
    .split(/^<details>/m)
    .slice(1)) {
    const body = /^```md\n([\s\S]*)\n```\s*\n+<\/details>/m.exec(block)?.[1];
    if (!body) continue;
    const head = body.slice(0, 300);
    if (
      /\b(act as|acting as|you are|you will be|pretend|role-?play|persona|take on the role)\b/i.test(head)
    ) {
      out.push(c(body, 'benign', 'benign_roleplay', path));
    }
  }
  return out;
}

function arenaHard(repo: Repo): Candidate[] {
  const paths = ['data/arena-hard-v0.1/question.jsonl', 'data/arena-hard-v2.0/question.jsonl'];
  return paths.flatMap((path) =>
    (parseJsonLines(repo.show(path)) as { prompt?: string; turns?: { content: string }[] }[]).map((q) =>
      c(q.prompt ?? q.turns?.[0]?.content ?? '', 'benign', 'benign_instruction', path),
    ),
  );
}

/** The 2025 list (LLM00–LLM10) in English and every translation. */
function owaspTop10(repo: Repo): Candidate[] {
  return repo
    .ls('2_0_vulns')
    .filter((p) => /^2_0_vulns\/(translations\/[^/]+\/)?LLM\d\d_[^/]*\.md$/.test(p))
    .flatMap((path) =>
      markdownParagraphs(repo.show(path)).map((t) => c(t, 'benign', 'benign_security_talk', path)),
    );
}

function tldrsec(repo: Repo): Candidate[] {
  const path = 'README.md';
  const md = repo.show(path);
  const cells = markdownTableCells(md, 1).filter((t) => t.length >= 60);
  return [...markdownParagraphs(md), ...cells].map((t) => c(t, 'benign', 'benign_security_talk', path));
}

function xquad(repo: Repo, what: 'question' | 'context'): Candidate[] {
  const paths = repo.ls().filter((p) => /^xquad\.[a-z]{2}\.json$/.test(p) && p !== 'xquad.en.json');
  return paths.flatMap((path) => {
    const doc = JSON.parse(repo.show(path)) as {
      data: { paragraphs: { context: string; qas: { question: string }[] }[] }[];
    };
    const paras = doc.data.flatMap((d) => d.paragraphs);
    const texts =
      what === 'question'
        ? paras.flatMap((p) => p.qas.map((q) => q.question))
        : paras.map((p) => p.context).filter((t) => t.length <= 1000);
    return texts.map((t) => c(t, 'benign', 'benign_multilingual', path));
  });
}

export const ALL_SOURCES: readonly SourcePart[] = [
  {
    repo: 'HumanCompatibleAI/tensor-trust-data',
    commit: 'e2385ea9cf448c9641b96e2e39f113ed4979a5b0',
    license: 'none stated (no LICENSE file; dataset released with the Tensor Trust paper)',
    part: 'hijacking + extraction robustness attacks',
    cap: 600,
    extract: tensorTrust,
  },
  {
    repo: 'JailbreakBench/artifacts',
    commit: '909e68c01d94222b8ad2e397a017e2e12e2adb73',
    license: 'MIT',
    part: 'attack artifacts (DSN, GCG, JBC, PAIR, prompt_with_random_search), non-null prompts',
    // With latent-jailbreak's 300, as many jailbreak lines as the first build of this set had (602).
    cap: 300,
    extract: jailbreakBench,
  },
  {
    repo: 'qiuhuachuan/latent-jailbreak',
    commit: 'e659ed787673fbf87c9b9ec0d83459af16587bf4',
    license: 'MIT',
    part: 'P1–P13 prompt contexts',
    cap: 300,
    extract: latentJailbreak,
  },
  {
    repo: 'utkusen/promptmap',
    commit: 'd305132e38f28b4cdca5c5b4586f11904ed1836d',
    license: 'GPL-3.0',
    part: 'distraction, prompt_stealing and jailbreak rules',
    extract: promptmap,
  },
  {
    repo: 'sinanw/llm-security-prompt-injection',
    commit: 'c8af0b015a9a4f3380f9e20214828c2dbeadc72c',
    license: 'MIT (repo); data is deepset/prompt-injections (Apache-2.0)',
    part: 'deepset/prompt-injections train + test',
    extract: deepset,
  },
  {
    repo: 'sequrity-ai/agentdojo',
    commit: '357c80dea9af34323f709c3505d9e6d224654c7e',
    license: 'MIT',
    part: 'tool outputs with an injection task goal in an attack template',
    cap: 400,
    extract: (r) => agentdojoInjected(r, SEED),
  },
  {
    repo: 'sequrity-ai/agentdojo',
    commit: '357c80dea9af34323f709c3505d9e6d224654c7e',
    license: 'MIT',
    part: 'tool outputs at their defaults (no injection)',
    cap: 250,
    extract: agentdojoClean,
  },
  {
    repo: 'sequrity-ai/agentdojo',
    commit: '357c80dea9af34323f709c3505d9e6d224654c7e',
    license: 'MIT',
    part: 'user task prompts',
    extract: agentdojoUserTasks,
  },
  {
    repo: 'f/awesome-chatgpt-prompts',
    commit: '62b5767bc9dcce12befc4d47efdf7b636e80dae5',
    license: 'CC0-1.0',
    part: 'persona prompts of PROMPTS.md',
    cap: 400,
    extract: awesomePrompts,
  },
  {
    repo: 'lmarena/arena-hard-auto',
    commit: '196f6b826783b3da7310e361a805fa36f0be83f3',
    license: 'Apache-2.0',
    part: 'v0.1 and v2.0 questions',
    cap: 500,
    extract: arenaHard,
  },
  {
    repo: 'OWASP/www-project-top-10-for-large-language-model-applications',
    commit: '020595761a4b7b0c3f9cf01a0457b78f9f1e7f9c',
    license: 'CC-BY-SA-4.0',
    part: '2025 Top 10 prose, English and 10 translations',
    // With tldrsec's lines, as many security-talk lines as the first build of this set had (640).
    cap: 563,
    extract: owaspTop10,
  },
  {
    repo: 'tldrsec/prompt-injection-defenses',
    commit: '423a2f36a979858223ba5c6dfede8409c8d0fb63',
    license: 'none stated (no LICENSE file)',
    part: 'README prose and summary cells',
    extract: tldrsec,
  },
  {
    repo: 'google-deepmind/xquad',
    commit: '7d30520c717524000f0d9d2f9c10a069acd9d285',
    license: 'CC-BY-SA-4.0',
    part: 'questions, 11 non-English languages',
    cap: 400,
    extract: (r) => xquad(r, 'question'),
  },
  {
    repo: 'google-deepmind/xquad',
    commit: '7d30520c717524000f0d9d2f9c10a069acd9d285',
    license: 'CC-BY-SA-4.0',
    part: 'contexts up to 1,000 chars, 11 non-English languages',
    cap: 100,
    extract: (r) => xquad(r, 'context'),
  },
];
