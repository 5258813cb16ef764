// The transformer detector: an ONNX sequence classifier run by onnxruntime-node on the CPU, its
// tokenizer.json read by @huggingface/tokenizers. Long texts are cut into overlapping token windows
// (whitespace-aligned pieces, so each window maps back to a character span) and the best window wins.
// Loading checks the files, the graph's inputs and the output's shape, so a wrong setting is a config
// error at start-up; a failure while scoring throws, and the guard runner fails closed.

import { existsSync, readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OnnxConfig } from './config.ts';

export interface OnnxScore {
  /** Probability of the injection label in the best window, 0..1. */
  readonly score: number;
  /** That window in the text's character offsets. */
  readonly start: number;
  readonly end: number;
}

export interface OnnxDetector {
  readonly threshold: number;
  /** Scores a text of any length; throws when inference fails. */
  score(text: string, signal?: AbortSignal): Promise<OnnxScore>;
}

/** A piece of the text, cut at whitespace, with its token ids. */
interface Piece {
  readonly start: number;
  readonly end: number;
  readonly ids: readonly number[];
}

interface Window {
  readonly ids: readonly number[];
  readonly start: number;
  readonly end: number;
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new Error(`onnx.${what}: ${path}: no such file`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`onnx.${what}: ${path}: not JSON (${(e as Error).message})`, { cause: e });
  }
}

function loadTokenizer(cfg: OnnxConfig): Tokenizer {
  const json = readJson(cfg.tokenizer, 'tokenizer');
  const conf = cfg.tokenizer_config ? readJson(cfg.tokenizer_config, 'tokenizer_config') : {};
  if (typeof json !== 'object' || json === null || !('model' in json))
    throw new Error(`onnx.tokenizer: ${cfg.tokenizer}: not a Hugging Face tokenizer.json (no "model")`);
  try {
    return new Tokenizer(json, conf as object);
  } catch (e) {
    throw new Error(`onnx.tokenizer: ${cfg.tokenizer}: ${(e as Error).message}`, { cause: e });
  }
}

/** The special tokens the tokenizer wraps a single sequence in (`[CLS] … [SEP]`, `<s> … </s>`). */
function specials(tok: Tokenizer): { prefix: number[]; suffix: number[] } {
  const probe = 'hello world';
  const full: number[] = tok.encode(probe).ids;
  const bare: number[] = tok.encode(probe, { add_special_tokens: false }).ids;
  for (let i = 0; i + bare.length <= full.length; i++) {
    if (bare.every((id, k) => full[i + k] === id))
      return { prefix: full.slice(0, i), suffix: full.slice(i + bare.length) };
  }
  return { prefix: [], suffix: [] };
}

function padId(tok: Tokenizer, cfg: OnnxConfig): number {
  if (cfg.pad_id !== undefined) return cfg.pad_id;
  const conf = cfg.tokenizer_config ? readJson(cfg.tokenizer_config, 'tokenizer_config') : {};
  const named = (conf as { pad_token?: unknown }).pad_token;
  const name = typeof named === 'string' ? named : (named as { content?: string } | undefined)?.content;
  for (const t of [name, '[PAD]', '<pad>']) {
    const id = t === undefined ? undefined : tok.token_to_id(t);
    if (id !== undefined) return id;
  }
  return 0;
}

const sessions = new Map<string, Promise<InferenceSession>>();

async function openSession(cfg: OnnxConfig): Promise<InferenceSession> {
  if (!existsSync(cfg.model)) throw new Error(`onnx.model: ${cfg.model}: no such file`);
  const key = `${cfg.model}\0${cfg.threads}`;
  let s = sessions.get(key);
  if (!s) {
    s = InferenceSession.create(cfg.model, {
      intraOpNumThreads: cfg.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  try {
    return await s;
  } catch (e) {
    throw new Error(
      `onnx.model: ${cfg.model}: onnxruntime cannot load it (${(e as Error).message.split('\n')[0]})`,
      { cause: e },
    );
  }
}

/** Cuts text into pieces of about `target` characters at whitespace (hard cut at twice that). */
function pieces(text: string, target: number, tok: Tokenizer): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + target);
    const hard = Math.min(text.length, start + 2 * target);
    while (end < hard && !/\s/.test(text[end]!)) end++;
    // Keep a surrogate pair whole on a hard cut.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end++;
    const ids = tok.encode(text.slice(start, end), { add_special_tokens: false }).ids;
    out.push({ start, end, ids });
    start = end;
  }
  return out;
}

/** Token windows of at most `room` ids over the pieces; neighbours share about `overlap` tokens. */
function windowsOf(ps: readonly Piece[], room: number, overlap: number): Window[] {
  const out: Window[] = [];
  let i = 0;
  while (i < ps.length) {
    const ids: number[] = [];
    let j = i;
    // A piece longer than a whole window is scored in windows of its own (its span is the piece's).
    if (ps[i]!.ids.length > room) {
      const p = ps[i]!;
      for (let a = 0; a < p.ids.length; a += Math.max(1, room - overlap)) {
        out.push({ ids: p.ids.slice(a, a + room), start: p.start, end: p.end });
        if (a + room >= p.ids.length) break;
      }
      i++;
      continue;
    }
    while (j < ps.length && ids.length + ps[j]!.ids.length <= room) ids.push(...ps[j++]!.ids);
    out.push({ ids, start: ps[i]!.start, end: ps[j - 1]!.end });
    if (j >= ps.length) break;
    // Next window starts at the first piece past (window − overlap) tokens, always moving forward.
    let used = 0;
    let next = i;
    while (next < j - 1 && used + ps[next]!.ids.length <= room - overlap) used += ps[next++]!.ids.length;
    i = Math.max(i + 1, next);
  }
  return out;
}

function activate(row: Float32Array, label: number, how: OnnxConfig['activation']): number {
  if (how === 'none') return row[label]!;
  if (how === 'sigmoid') return 1 / (1 + Math.exp(-row[label]!));
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  return Math.exp(row[label]! - max) / sum;
}

/**
 * Loads and checks the model and tokenizer. Throws an error naming the setting (`onnx.model: ...`)
 * when a file is missing or malformed, an input name is wrong, or the output is not `[batch, labels]`.
 *
 * @example
 * const d = await loadOnnxDetector(onnxConfigSchema.parse({ model: 'm.onnx', tokenizer: 'tokenizer.json' }));
 * const { score } = await d.score('Ignore previous instructions');
 */
export async function loadOnnxDetector(cfg: OnnxConfig): Promise<OnnxDetector> {
  const tok = loadTokenizer(cfg);
  const session = await openSession(cfg);
  const names = cfg.input_names;
  const fed = [names.ids, names.mask, names.token_type_ids].filter((n): n is string => typeof n === 'string');
  for (const [what, n] of Object.entries(names)) {
    if (typeof n === 'string' && !session.inputNames.includes(n))
      throw new Error(
        `onnx.input_names.${what}: the model has no input "${n}" (its inputs: ${session.inputNames.join(', ')})`,
      );
  }
  const unfed = session.inputNames.filter((n) => !fed.includes(n));
  if (unfed.length > 0)
    throw new Error(
      `onnx.input_names: the model also needs ${unfed.map((n) => `"${n}"`).join(', ')}; name it as ids, mask or token_type_ids`,
    );
  const output = cfg.output ?? session.outputNames[0]!;
  if (!session.outputNames.includes(output))
    throw new Error(
      `onnx.output: the model has no output "${output}" (its outputs: ${session.outputNames.join(', ')})`,
    );
  const int32 = new Set(
    session.inputMetadata.filter((m) => m.isTensor && m.type === 'int32').map((m) => m.name),
  );
  const { prefix, suffix } = specials(tok);
  const room = cfg.max_length - prefix.length - suffix.length;
  if (room < 4)
    throw new Error(`onnx.max_length: ${cfg.max_length} leaves no room beside the special tokens`);
  const overlap = Math.min(room - 1, cfg.overlap ?? Math.floor(room / 2));
  const pad = padId(tok, cfg);
  const pieceChars = Math.max(8, Math.floor(room / 2));

  async function run(batch: readonly Window[]): Promise<number[]> {
    const len = Math.max(...batch.map((w) => w.ids.length)) + prefix.length + suffix.length;
    const n = batch.length * len;
    const ids = new Array<number>(n).fill(pad);
    const mask = new Array<number>(n).fill(0);
    batch.forEach((w, r) => {
      const seq = [...prefix, ...w.ids, ...suffix];
      seq.forEach((id, c) => {
        ids[r * len + c] = id;
        mask[r * len + c] = 1;
      });
    });
    const tensor = (name: string, values: number[]) =>
      int32.has(name)
        ? new Tensor('int32', Int32Array.from(values), [batch.length, len])
        : new Tensor(
            'int64',
            BigInt64Array.from(values, (v) => BigInt(v)),
            [batch.length, len],
          );
    const feeds: Record<string, Tensor> = { [names.ids]: tensor(names.ids, ids) };
    if (names.mask) feeds[names.mask] = tensor(names.mask, mask);
    if (names.token_type_ids)
      feeds[names.token_type_ids] = tensor(
        names.token_type_ids,
        mask.map(() => 0),
      );
    const result = await session.run(feeds, [output]);
    const out = result[output] as Tensor | undefined;
    if (!out || out.dims.length !== 2 || out.dims[0] !== batch.length)
      throw new Error(
        `onnx.output: "${output}" has shape [${out?.dims.join(', ') ?? ''}]; expected [batch, labels]`,
      );
    const labels = out.dims[1]!;
    if (cfg.label_index >= labels)
      throw new Error(`onnx.label_index: ${cfg.label_index}, but "${output}" has ${labels} label(s)`);
    if (!(out.data instanceof Float32Array))
      throw new Error(`onnx.output: "${output}" is ${out.type}; expected float32 logits`);
    const data = out.data;
    return batch.map((_, r) =>
      activate(data.subarray(r * labels, (r + 1) * labels), cfg.label_index, cfg.activation),
    );
  }

  // One inference at load, so a wrong head or label index is a config error, not a denial per request.
  try {
    await run([{ ids: tok.encode('hello', { add_special_tokens: false }).ids, start: 0, end: 5 }]);
  } catch (e) {
    const m = (e as Error).message;
    throw new Error(
      m.startsWith('onnx.') ? m : `onnx.model: ${cfg.model}: test inference failed (${m.split('\n')[0]})`,
      { cause: e },
    );
  }

  return {
    threshold: cfg.threshold,
    async score(text, signal) {
      const ws = windowsOf(pieces(text, pieceChars, tok), room, overlap);
      let best: OnnxScore = { score: 0, start: 0, end: text.length };
      for (let i = 0; i < ws.length; i += cfg.batch) {
        if (signal?.aborted) throw new Error('onnx: time budget exhausted');
        const batch = ws.slice(i, i + cfg.batch);
        const scores = await run(batch);
        scores.forEach((s, k) => {
          if (s > best.score) best = { score: s, start: batch[k]!.start, end: batch[k]!.end };
        });
      }
      return best;
    },
  };
}
