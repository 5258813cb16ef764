import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySegments, inputSegments, outputSegments, streamDelta } from './extract.ts';

test('finds text in chat messages, content parts, prompts and Responses input', () => {
  const body = {
    messages: [
      { role: 'system', content: 'be nice' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hi there' },
          { type: 'image_url', image_url: {} },
        ],
      },
    ],
    input: ['first', { role: 'user', content: 'second' }],
  };
  assert.deepEqual(
    inputSegments(body).map((s) => [s.path, s.text, s.role]),
    [
      ['messages[0].content', 'be nice', 'system'],
      ['messages[1].content[0].text', 'hi there', 'user'],
      ['input[0]', 'first', 'user'],
      ['input[1].content', 'second', 'user'],
    ],
  );
});

test('writes masked text back at the same paths', () => {
  const body = {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'mail a@b.co' }] }],
    prompt: 'x',
  };
  applySegments(body, [
    { path: 'messages[0].content[0].text', text: 'mail <EMAIL_1>' },
    { path: 'prompt', text: 'y' },
  ]);
  assert.deepEqual(body, {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'mail <EMAIL_1>' }] }],
    prompt: 'y',
  });
});

test('reads answer text from chat, completion and Responses shapes, and stream deltas', () => {
  assert.deepEqual(
    outputSegments({ choices: [{ message: { content: 'a' } }, { text: 'b' }] }).map((s) => s.text),
    ['a', 'b'],
  );
  assert.deepEqual(
    outputSegments({ output: [{ type: 'message', content: [{ type: 'output_text', text: 'c' }] }] }).map(
      (s) => s.text,
    ),
    ['c'],
  );
  assert.equal(streamDelta({ choices: [{ delta: { content: 'tok' } }] }), 'tok');
  assert.equal(streamDelta({ type: 'response.output_text.delta', delta: 'd' }), 'd');
  assert.equal(streamDelta({ choices: [], usage: { total_tokens: 3 } }), undefined);
});
