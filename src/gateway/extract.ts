// Where the text is in OpenAI-shaped bodies: the segments guards inspect on the way in and out, the
// deltas of a stream, and writing masked text back into the body at the same paths.

import type { Segment } from '../guards/types.ts';

type Json = Record<string, unknown>;

/** Text segments of a request body: chat messages, completion prompts, Responses input, embedding input. */
export function inputSegments(body: Json): Segment[] {
  const out: Segment[] = [];
  if (Array.isArray(body.messages)) {
    body.messages.forEach((m, i) => {
      collectContent(m, `messages[${i}]`, out);
    });
  }
  for (const key of ['prompt', 'input', 'instructions'] as const) {
    const v = body[key];
    if (typeof v === 'string')
      out.push({ path: key, text: v, role: key === 'instructions' ? 'system' : 'user' });
    else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (typeof item === 'string') out.push({ path: `${key}[${i}]`, text: item, role: 'user' });
        else collectContent(item, `${key}[${i}]`, out);
      });
    }
  }
  return out;
}

function collectContent(message: unknown, base: string, out: Segment[]): void {
  if (!message || typeof message !== 'object') return;
  const m = message as Json;
  const role = typeof m.role === 'string' ? m.role : undefined;
  if (typeof m.content === 'string') out.push({ path: `${base}.content`, text: m.content, role });
  else if (Array.isArray(m.content)) {
    m.content.forEach((part, j) => {
      if (part && typeof part === 'object' && typeof (part as Json).text === 'string') {
        out.push({ path: `${base}.content[${j}].text`, text: (part as Json).text as string, role });
      }
    });
  }
}

/** Text segments of a whole (non-streamed) response. */
export function outputSegments(body: unknown): Segment[] {
  const out: Segment[] = [];
  if (!body || typeof body !== 'object') return out;
  const b = body as Json;
  if (Array.isArray(b.choices)) {
    b.choices.forEach((c, i) => {
      const choice = c as Json;
      const msg = choice?.message as Json | undefined;
      if (msg && typeof msg.content === 'string') {
        out.push({ path: `choices[${i}].message.content`, text: msg.content, role: 'assistant' });
      }
      if (typeof choice?.text === 'string')
        out.push({ path: `choices[${i}].text`, text: choice.text, role: 'assistant' });
    });
  }
  if (Array.isArray(b.output)) {
    b.output.forEach((item, i) => {
      collectContent(item, `output[${i}]`, out);
    });
  }
  return out;
}

/** The text a streamed chunk adds: chat delta, completion text, or a Responses `output_text.delta`. */
export function streamDelta(chunk: unknown): string | undefined {
  if (!chunk || typeof chunk !== 'object') return undefined;
  const c = chunk as Json;
  if (Array.isArray(c.choices) && c.choices.length > 0) {
    const first = c.choices[0] as Json;
    const delta = first?.delta as Json | undefined;
    if (delta && typeof delta.content === 'string') return delta.content;
    if (typeof first?.text === 'string') return first.text;
  }
  if (c.type === 'response.output_text.delta' && typeof c.delta === 'string') return c.delta;
  return undefined;
}

/** Replaces the text a streamed chunk adds (the inverse of streamDelta); false if it carries none. */
export function setStreamDelta(chunk: unknown, text: string): boolean {
  if (!chunk || typeof chunk !== 'object') return false;
  const c = chunk as Json;
  if (Array.isArray(c.choices) && c.choices.length > 0) {
    const first = c.choices[0] as Json;
    const delta = first?.delta as Json | undefined;
    if (delta && typeof delta.content === 'string') {
      delta.content = text;
      return true;
    }
    if (typeof first?.text === 'string') {
      first.text = text;
      return true;
    }
  }
  if (c.type === 'response.output_text.delta' && typeof c.delta === 'string') {
    c.delta = text;
    return true;
  }
  return false;
}

/** Replaces the text at each segment's path (as produced above) with the segment's new text. */
export function applySegments(body: unknown, segments: readonly Segment[]): void {
  for (const seg of segments) {
    const keys = parsePath(seg.path);
    let node = body as Json | unknown[];
    for (let i = 0; i < keys.length - 1; i++) node = (node as Json)[keys[i] as string] as Json;
    (node as Json)[keys[keys.length - 1] as string] = seg.text;
  }
}

function parsePath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const br = part.indexOf('[');
    if (br === -1) {
      keys.push(part);
      continue;
    }
    if (br > 0) keys.push(part.slice(0, br));
    for (const m of part.slice(br).matchAll(/\[(\d+)\]/g)) keys.push(Number(m[1]));
  }
  return keys;
}
