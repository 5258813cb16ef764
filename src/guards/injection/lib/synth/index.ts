// Seeded synthetic training text for the injection classifier, written family by family and always in
// pairs: every attack family comes with benign text that uses the same words for ordinary reasons
// (questions about system prompts, "ignore the typo above", role-play that removes no rule, documents
// with instructions meant for people). Trained on alone, the labelled data teaches "the words
// `system prompt` mean attack"; with both sides the model has to learn what the words are doing.
// Only phrasing invented here is used: nothing from the evaluation data is copied in.

import { rng } from '../../../../lib/random.ts';
import type { Row } from '../data.ts';
import { cap, fill, pick, type R } from './fill.ts';
import {
  adversarial,
  delimiter,
  embedded,
  extraction,
  jailbreak,
  NO_RULES,
  obfuscated,
  override,
  taskSwitch,
} from './attacks.ts';
import { FOREIGN_ATTACKS, FOREIGN_BENIGN, foreignAttack, LANGS } from './languages.ts';
import { codeAnswer, COMPANIES, document, NAMES, splice, USER_WRAP } from './documents.ts';
import {
  ABOUT_SEC,
  EVERYDAY_REQ,
  EVERYDAY_TRIGGER_WORDS,
  GIVEN_INPUTS,
  GIVEN_TASKS,
  personaPrompt,
  ROLEPLAY_BENIGN,
  ROLES,
  SEC_PROSE,
  SEC_TOPICS,
  SIMPLE_TASKS,
  stretched,
} from './benign.ts';

/** Kinds the generator writes, with their label and share of the rows. */
type Made = string | { readonly text: string; readonly payload: string };

const FAMILIES: readonly [
  kind: string,
  label: Row['label'],
  share: number,
  make: (r: R, hosts: readonly string[]) => Made,
][] = [
  ['synth_override', 'injection', 0.09, (r) => override(r)],
  ['synth_extraction', 'injection', 0.09, (r) => extraction(r)],
  ['synth_jailbreak', 'injection', 0.08, (r) => jailbreak(r)],
  ['synth_delimiter', 'injection', 0.04, (r) => delimiter(r)],
  ['synth_obfuscated', 'injection', 0.03, (r) => obfuscated(r)],
  [
    'synth_foreign_attack',
    'injection',
    0.06,
    (r) => (r() < 0.25 ? pick(FOREIGN_ATTACKS, r) : foreignAttack(r)),
  ],
  ['synth_adversarial', 'injection', 0.04, (r) => adversarial(r)],
  [
    'synth_embedded',
    'injection',
    0.1,
    (r, hosts) => {
      const payload = embedded(r);
      return { text: fill(pick(USER_WRAP, r), { doc: [splice(pick(hosts, r), payload, r)] }, r), payload };
    },
  ],
  [
    'synth_task_in_doc',
    'injection',
    0.05,
    (r, hosts) => {
      const payload = pick(
        SIMPLE_TASKS.filter((t) => t.length > 20),
        r,
      );
      return { text: splice(pick(hosts, r), payload, r), payload };
    },
  ],
  ['synth_persona', 'benign', 0.1, (r) => personaPrompt(r)],
  [
    'synth_security_prose',
    'benign',
    0.05,
    (r) =>
      fill(
        pick(SEC_PROSE, r),
        { atk: [override(r), embedded(r)], np: NO_RULES, ext: [extraction(r).replace(/[.?]$/, '')] },
        r,
      ),
  ],
  [
    'synth_security_talk',
    'benign',
    0.12,
    (r) =>
      fill(
        pick(ABOUT_SEC, r),
        { topic: SEC_TOPICS, topic2: SEC_TOPICS, Topic: SEC_TOPICS.map(cap), role: ROLES },
        r,
      ),
  ],
  ['synth_task_switch', 'injection', 0.03, (r) => taskSwitch(r)],
  ['synth_trigger_words', 'benign', 0.1, (r) => pick(EVERYDAY_TRIGGER_WORDS, r)],
  ['synth_stretched', 'benign', 0.02, (r) => stretched(r)],
  [
    'synth_roleplay',
    'benign',
    0.1,
    (r) =>
      fill(
        pick(ROLEPLAY_BENIGN, r),
        {
          role: ROLES,
          adj: ['friendly', 'patient', 'cheerful', 'strict', 'witty', 'calm'],
          name: NAMES,
          req: EVERYDAY_REQ,
          event: ['a job interview', 'a marathon', 'an exam', 'a wedding speech'],
          company: COMPANIES,
        },
        r,
      ),
  ],
  ['synth_task', 'benign', 0.05, (r) => pick(SIMPLE_TASKS, r)],
  [
    'synth_foreign_benign',
    'benign',
    0.04,
    (r) => (r() < 0.4 ? pick(FOREIGN_BENIGN, r) : pick(pick(LANGS, r).benign, r)),
  ],
  ['synth_code_answer', 'benign', 0.06, (r) => codeAnswer(r)],
  [
    'synth_given_task',
    'benign',
    0.06,
    (r) => `${pick(GIVEN_TASKS, r)}${pick(['\n\n', '\n', ' ', '\nInput: '], r)}${pick(GIVEN_INPUTS, r)}`,
  ],
  ['synth_document', 'benign', 0.14, (r, hosts) => fill(pick(USER_WRAP, r), { doc: [pick(hosts, r)] }, r)],
];

function surface(s: string, r: R): string {
  const x = r();
  if (x < 0.1) return s.toLowerCase();
  if (x < 0.14) return s.toUpperCase();
  if (x < 0.24) return s.replace(/[.!?]$/, '');
  return s;
}

/**
 * `n` seeded synthetic rows (kinds `synth_*`), roughly half attacks and half benign look-alikes.
 * `hosts` are extra benign documents to splice instructions into, beside 200 generated ones; the
 * trainer passes none, so nothing of any held-out side can reach training. Deterministic for a seed
 * and the same hosts.
 */
export function synthRows(n: number, seed: number, hosts: readonly string[] = []): Row[] {
  const r = rng(seed ^ 0x5e17);
  const docs = [...hosts, ...Array.from({ length: 200 }, () => document(r))];
  const total = FAMILIES.reduce((a, f) => a + f[2], 0);
  const out: Row[] = [];
  const seen = new Set<string>();
  for (const [kind, label, share, make] of FAMILIES) {
    const want = Math.round((n * share) / total);
    for (let k = 0, tries = 0; k < want && tries < want * 20; tries++) {
      const made = make(r, docs);
      const text = surface(typeof made === 'string' ? made : made.text, r);
      if (seen.has(text)) continue;
      seen.add(text);
      const row: Row = { text, label, kind, source: 'parapet:synth' };
      // Where the spliced instruction sits (after the case change surface() may have made).
      if (typeof made !== 'string') {
        const p = made.payload;
        for (const v of [p, p.toLowerCase(), p.toUpperCase(), p.slice(0, -1), p.toLowerCase().slice(0, -1)]) {
          const at = text.indexOf(v);
          if (v.length > 0 && at >= 0) {
            row.payload = { start: at, end: at + v.length };
            break;
          }
        }
      }
      out.push(row);
      k++;
    }
  }
  return out;
}

export { document, splice } from './documents.ts';
