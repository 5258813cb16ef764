import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeModel } from './lib/model.ts';
import { scoreText } from './score.ts';
import { trainInjection } from './train.ts';

// A small corpus with the shape of the real one: harmless questions are benign on their own and
// injections when spliced into a table, so only the text's context tells the two apart.
const dir = mkdtempSync(join(tmpdir(), 'parapet-train-ctx-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const PLACES = [
  'Peru',
  'Chile',
  'Kenya',
  'Norway',
  'Japan',
  'Egypt',
  'Spain',
  'Nepal',
  'Ghana',
  'Laos',
  'Fiji',
  'Oman',
];
const ASK = [
  'What is the capital of',
  'How many people live in',
  'What language is spoken in',
  'When should I visit',
];
const table = (s: number, i: number) =>
  Array.from(
    { length: 12 },
    (_, k) =>
      `| ${2000 + k} | club ${s}-${i}-${k} | ${(k * 37 + i * 11) % 97} points | ${PLACES[(k + i) % 12]} |`,
  ).join('\n');
const lines: object[] = [];
for (let s = 0; s < 3; s++)
  for (let i = 0; i < 24; i++) {
    const q = `${ASK[(i + s) % 4]} ${PLACES[(i * 5 + s) % 12]}?`;
    const t = table(s, i);
    const cut = t.indexOf('\n', t.length / 2);
    lines.push({ text: q, label: 'benign', kind: 'benign_instruction', source: `q${s}` });
    lines.push({ text: t, label: 'benign', kind: 'benign_document', source: `d${s}` });
    lines.push({
      text: `${t.slice(0, cut)}\n${q}\n${t.slice(cut + 1)}`,
      label: 'injection',
      kind: 'indirect_injection',
      source: `i${s}`,
    });
  }
const data = join(dir, 'data.jsonl');
writeFileSync(data, lines.map((l) => JSON.stringify(l)).join('\n'));

const train = (contextMin: number) =>
  decodeModel(trainInjection(data, { bits: 14, epochs: 4, contextMin, folds: 0 }).model);
const unseenQuestion = 'How many people live in Oman?';
const t = table(9, 9);
const unseenDoc = `${t.slice(0, 300)}\nWhat is the capital of Fiji?\n${t.slice(300)}`;

test('with context crossing, a question alone is benign and the same question inside a table is an injection', () => {
  const m = train(300);
  assert.equal(m.contextMin, 300);
  const alone = scoreText(m, unseenQuestion).score;
  const spliced = scoreText(m, unseenDoc).score;
  assert.ok(alone < m.threshold, `alone ${alone} threshold ${m.threshold}`);
  assert.ok(spliced >= m.threshold, `spliced ${spliced} threshold ${m.threshold}`);
  assert.ok(scoreText(m, t).score < m.threshold, 'the table alone');
});
