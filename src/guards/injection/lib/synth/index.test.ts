import assert from 'node:assert/strict';
import { test } from 'node:test';
import { document, splice, synthRows } from './index.ts';
import { rng } from '../../../../lib/random.ts';

test('is deterministic for a seed and different for another', () => {
  assert.deepEqual(synthRows(300, 7), synthRows(300, 7));
  assert.notDeepEqual(synthRows(300, 7), synthRows(300, 8));
});

test('writes every family, both labels in about equal parts, no unfilled slot and no duplicate', () => {
  const rows = synthRows(3000, 1);
  const kinds = new Set(rows.map((r) => r.kind));
  for (const k of [
    'synth_override',
    'synth_extraction',
    'synth_jailbreak',
    'synth_embedded',
    'synth_foreign_attack',
    'synth_security_talk',
    'synth_persona',
    'synth_trigger_words',
    'synth_document',
  ])
    assert.ok(kinds.has(k), k);
  const attacks = rows.filter((r) => r.label === 'injection').length;
  assert.ok(attacks > rows.length * 0.35 && attacks < rows.length * 0.65, `${attacks} of ${rows.length}`);
  for (const r of rows)
    assert.doesNotMatch(r.text, /\{(thing|topic|role|say|verb|prior|noun|atk|req|model|agent)\d?\}/, r.text);
  assert.equal(new Set(rows.map((r) => r.text)).size, rows.length);
});

test('every attack family has a benign twin that uses its words for ordinary reasons', () => {
  const rows = synthRows(4000, 3);
  const benign = rows.filter((r) => r.label === 'benign').map((r) => r.text.toLowerCase());
  for (const word of [
    'system prompt',
    'instructions',
    'ignore',
    'act as',
    'you are',
    'jailbreak',
    'reveal',
    'previous',
  ])
    assert.ok(
      benign.some((t) => t.includes(word)),
      `no benign row says "${word}"`,
    );
});

test('splices a payload at a boundary of the document, leaving the document whole around it', () => {
  const r = rng(5);
  for (let i = 0; i < 50; i++) {
    const doc = document(r);
    const out = splice(doc, 'PAYLOAD.', r);
    const at = out.indexOf('PAYLOAD.');
    assert.ok(at >= 0);
    const rest = (out.slice(0, at) + out.slice(at + 'PAYLOAD.'.length)).replace(/\s+/g, '');
    assert.equal(rest, doc.replace(/\s+/g, ''));
  }
});
