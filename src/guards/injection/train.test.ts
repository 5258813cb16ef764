import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeModel } from './lib/model.ts';
import { scoreText } from './score.ts';
import { trainInjection } from './train.ts';

// A small corpus with the shape of the real one: harmless questions are benign on their own and
// injections when spliced into a table, and the same table appears clean and with several questions
// put in at different places. Only the spliced line tells the two apart.
const dir = mkdtempSync(join(tmpdir(), 'parapet-train-splice-'));
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
  );
const lines: object[] = [];
for (let s = 0; s < 3; s++)
  for (let i = 0; i < 8; i++) {
    const t = table(s, i);
    lines.push({ text: t.join('\n'), label: 'benign', kind: 'benign_document', source: `d${s}` });
    for (let j = 0; j < 3; j++) {
      const q = `${ASK[(i + j + s) % 4]} ${PLACES[(i * 5 + j + s) % 12]}?`;
      lines.push({ text: q, label: 'benign', kind: 'benign_instruction', source: `q${s}` });
      const cut = 2 + ((i + 3 * j) % 9);
      lines.push({
        text: [...t.slice(0, cut), q, ...t.slice(cut)].join('\n'),
        label: 'injection',
        kind: 'indirect_injection',
        source: `i${s}`,
      });
    }
  }
const data = join(dir, 'data.jsonl');
writeFileSync(data, lines.map((l) => JSON.stringify(l)).join('\n'));

test('the spliced line is what is learned: a question alone is benign, inside a table an injection', () => {
  const r = trainInjection(data, { bits: 14, epochs: 6, folds: 0, synth: 0 });
  assert.ok(r.splices.located >= 40, JSON.stringify(r.splices));
  const m = decodeModel(r.model);
  const t = table(9, 9);
  const alone = scoreText(m, 'How many people live in Oman?').score;
  const spliced = scoreText(m, [...t.slice(0, 6), 'What is the capital of Fiji?', ...t.slice(6)].join('\n'));
  const clean = scoreText(m, t.join('\n')).score;
  assert.ok(alone < 0.5, `alone ${alone}`);
  assert.ok(spliced.score >= 0.5, `spliced ${spliced.score}`);
  assert.ok(clean < 0.5, `the table alone ${clean}`);
  // The finding points at the question, not at the table around it.
  const doc = [...t.slice(0, 6), 'What is the capital of Fiji?', ...t.slice(6)].join('\n');
  assert.ok(doc.slice(spliced.start, spliced.end).includes('capital of Fiji'));
  assert.ok(spliced.end - spliced.start < 60, `${spliced.start}..${spliced.end}`);
});
