// A tiny ONNX text classifier and its Hugging Face tokenizer.json, written from scratch so tests and
// benches exercise the real onnxruntime and tokenizer path without shipping or downloading a model.
// The model sums a per-token embedding under the attention mask: its output depends on every input id.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// ---- protobuf wire format (just what ModelProto needs) -------------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const num = (field: number, n: number) => [...varint(field << 3), ...varint(n)];
const bytes = (field: number, b: Uint8Array | number[]) => [
  ...varint((field << 3) | 2),
  ...varint(b.length),
  ...b,
];
const str = (field: number, s: string) => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, parts: number[]) => bytes(field, parts);

const FLOAT = 1;
const INT64 = 7;

function floatTensor(name: string, dims: readonly number[], values: readonly number[]): number[] {
  const raw = new Uint8Array(new Float32Array(values).buffer);
  return [...dims.flatMap((d) => num(1, d)), ...num(2, FLOAT), ...str(8, name), ...bytes(9, raw)];
}
function int64Tensor(name: string, values: readonly number[]): number[] {
  const raw = new Uint8Array(new BigInt64Array(values.map(BigInt)).buffer);
  return [...num(1, values.length), ...num(2, INT64), ...str(8, name), ...bytes(9, raw)];
}
/** ValueInfoProto: a tensor of `elem` type whose dims are names (dynamic) or sizes. */
function valueInfo(name: string, elem: number, dims: readonly (string | number)[]): number[] {
  const shape = dims.flatMap((d) => msg(1, typeof d === 'number' ? num(1, d) : str(2, d)));
  return [...str(1, name), ...msg(2, msg(1, [...num(1, elem), ...msg(2, shape)]))];
}
function node(op: string, inputs: string[], outputs: string[], attrs: number[][] = []): number[] {
  return [
    ...inputs.flatMap((i) => str(1, i)),
    ...outputs.flatMap((o) => str(2, o)),
    ...str(4, op),
    ...attrs.flatMap((a) => msg(5, a)),
  ];
}
const intAttr = (name: string, i: number) => [...str(1, name), ...num(3, i), ...num(20, 2)];

// ---- the fixture ----------------------------------------------------------------------------------

/** Vocabulary of the fixture tokenizer; ids are positions. `[PAD]` is id 0. */
export const FIXTURE_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'ignore',
  'previous',
  'instructions',
  'reveal',
  'system',
  'prompt',
  'hello',
  'the',
  'report',
  'covers',
  'revenue',
  'and',
  'costs',
  'what',
  'is',
  'capital',
  'of',
  'portugal',
  '?',
  '.',
  ',',
  'beyond', // in the tokenizer, not in the model's embedding table: encoding it makes inference fail
] as const;
/** Rows of the embedding table: every vocabulary entry but the last (see `beyond`). */
const ROWS = FIXTURE_VOCAB.length - 1;

/** Per-token [benign, injection] logits. `[PAD]` is strongly "injection": only the mask keeps padding out. */
function embedding(token: string): [number, number] {
  if (token === '[PAD]') return [0, 50];
  if (['ignore', 'previous', 'instructions', 'reveal', 'system', 'prompt'].includes(token)) return [0, 4];
  if (token.startsWith('[')) return [0, 0];
  return [0.5, 0];
}

export interface FixtureOptions {
  /** Graph input names (default `input_ids` and `attention_mask`). */
  readonly ids?: string;
  readonly mask?: string;
  /** Labels in the output (default 2); 1 makes a single-logit model. */
  readonly labels?: number;
  /** Output rank: 2 is `[batch, labels]` (default); 3 adds a trailing dimension (a malformed head). */
  readonly rank?: 2 | 3;
}

/** The serialised ONNX model (opset 13): logits = sum over tokens of mask × E[id]. */
export function fixtureModel(o: FixtureOptions = {}): Uint8Array {
  const ids = o.ids ?? 'input_ids';
  const mask = o.mask ?? 'attention_mask';
  const labels = o.labels ?? 2;
  const table = FIXTURE_VOCAB.slice(0, ROWS).flatMap((t) => {
    const [b, i] = embedding(t);
    return labels === 1 ? [i - b] : labels === 2 ? [b, i] : [b, i, ...Array<number>(labels - 2).fill(0)];
  });
  const outDims = o.rank === 3 ? ['batch', labels, 1] : ['batch', labels];
  const nodes = [
    node('Gather', ['E', ids], ['emb']),
    node('Cast', [mask], ['maskf'], [intAttr('to', FLOAT)]),
    node('Unsqueeze', ['maskf', 'axis2'], ['mask3']),
    node('Mul', ['emb', 'mask3'], ['masked']),
    node('ReduceSum', ['masked', 'axis1'], [o.rank === 3 ? 'summed' : 'logits'], [intAttr('keepdims', 0)]),
    ...(o.rank === 3 ? [node('Unsqueeze', ['summed', 'axis2m'], ['logits'])] : []),
  ];
  const graph = [
    ...nodes.flatMap((n) => msg(1, n)),
    ...str(2, 'parapet-fixture'),
    ...msg(5, floatTensor('E', [ROWS, labels], table)),
    ...msg(5, int64Tensor('axis1', [1])),
    ...msg(5, int64Tensor('axis2', [2])),
    ...(o.rank === 3 ? msg(5, int64Tensor('axis2m', [2])) : []),
    ...msg(11, valueInfo(ids, INT64, ['batch', 'sequence'])),
    ...msg(11, valueInfo(mask, INT64, ['batch', 'sequence'])),
    ...msg(12, valueInfo('logits', FLOAT, outDims)),
  ];
  return new Uint8Array([
    ...num(1, 8), // ir_version
    ...str(2, 'parapet-test'),
    ...msg(7, graph),
    ...msg(8, [...str(1, ''), ...num(2, 13)]), // opset_import: default domain, opset 13
  ]);
}

/** A BERT-style WordPiece tokenizer.json over FIXTURE_VOCAB: lower-cased, `[CLS] … [SEP]`. */
export function fixtureTokenizer(): Record<string, unknown> {
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: FIXTURE_VOCAB.slice(0, 4).map((t, i) => special(t, i)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(FIXTURE_VOCAB.map((t, i) => [t, i])),
    },
  };
}

/** Writes `model.onnx`, `tokenizer.json` and `tokenizer_config.json` into `dir`; returns their paths. */
export function writeFixture(
  dir: string,
  o: FixtureOptions = {},
): { model: string; tokenizer: string; tokenizerConfig: string } {
  mkdirSync(dir, { recursive: true });
  const paths = {
    model: join(dir, 'model.onnx'),
    tokenizer: join(dir, 'tokenizer.json'),
    tokenizerConfig: join(dir, 'tokenizer_config.json'),
  };
  writeFileSync(paths.model, fixtureModel(o));
  writeFileSync(paths.tokenizer, JSON.stringify(fixtureTokenizer()));
  writeFileSync(
    paths.tokenizerConfig,
    JSON.stringify({ do_lower_case: true, pad_token: '[PAD]', cls_token: '[CLS]', sep_token: '[SEP]' }),
  );
  return paths;
}
