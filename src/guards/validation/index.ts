// The validation guard: refuses requests whose shape is wrong before anything reads them — too many
// messages, unexpected roles, too much text or too many estimated tokens, and, for JSON models, a
// feature vector that fails the model's JSON Schema (types, ranges, enums, array shapes).

import { z } from 'zod';
import type { Finding, GuardModule, Segment } from '../types.ts';
import { compileSchema, type SchemaCheck } from './schema.ts';

const config = z
  .object({
    max_messages: z.number().int().positive().optional(),
    /** Chat roles a request may use. */
    allowed_roles: z
      .array(z.string())
      .default(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    /** Total characters of text across all segments. */
    max_chars: z.number().int().positive().optional(),
    /** Estimated prompt tokens (about 4 ASCII characters or 1 other character per token). */
    max_tokens: z.number().int().positive().optional(),
    /** JSON Schema for the body (or the part at `schema_pointer`), e.g. the model's features. */
    schema: z.record(z.string(), z.unknown()).optional(),
    /** JSON pointer into the body where the schema applies, e.g. `/features` or `/inputs/0/data`. */
    schema_pointer: z
      .string()
      .regex(/^(\/[^/]*)*$/, 'expected a JSON pointer like /features')
      .default(''),
  })
  .strict();

type Config = z.infer<typeof config>;

/** A rough prompt-token estimate that errs high for non-Latin text. */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

function body(reason: string): Finding {
  return { segment: -1, start: 0, end: 0, type: 'invalid_request', score: 1, reason };
}

function checkShape(
  cfg: Config,
  roles: ReadonlySet<string>,
  segments: readonly Segment[],
  b: unknown,
): Finding[] {
  const out: Finding[] = [];
  const messages = b && typeof b === 'object' ? (b as { messages?: unknown }).messages : undefined;
  if (Array.isArray(messages)) {
    if (cfg.max_messages !== undefined && messages.length > cfg.max_messages)
      out.push(body(`messages: at most ${cfg.max_messages} messages are allowed`));
    for (let i = 0; i < messages.length; i++) {
      const role = (messages[i] as { role?: unknown } | null)?.role;
      if (typeof role !== 'string' || !roles.has(role)) {
        out.push(body(`messages[${i}].role: must be one of ${[...roles].join(', ')}`));
        break;
      }
    }
  }
  let chars = 0;
  let tokens = 0;
  for (const s of segments) {
    if ('from' in s) continue; // derived segments repeat text already counted
    chars += s.text.length;
    if (cfg.max_tokens !== undefined) tokens += estimateTokens(s.text);
  }
  if (cfg.max_chars !== undefined && chars > cfg.max_chars)
    out.push(body(`text: at most ${cfg.max_chars} characters are allowed`));
  if (cfg.max_tokens !== undefined && tokens > cfg.max_tokens)
    out.push(body(`text: at most ${cfg.max_tokens} estimated tokens are allowed`));
  return out;
}

const validation: GuardModule<Config> = {
  manifest: {
    name: 'validation',
    description: 'Message count, roles, size, estimated tokens and the JSON Schema of a model’s features.',
    stages: ['input'],
    config,
    defaultAction: 'block',
    frameworks: { owasp: ['LLM10:2025'], atlas: ['AML.T0043'] },
  },
  create(cfg) {
    const roles = new Set(cfg.allowed_roles);
    const schema: SchemaCheck | undefined = cfg.schema
      ? compileSchema(cfg.schema, cfg.schema_pointer)
      : undefined;
    return ({ segments, body: b }) => {
      const out = checkShape(cfg, roles, segments, b);
      const problem = schema?.(b);
      if (problem) out.push(body(problem));
      return out;
    };
  },
};

export default validation;
