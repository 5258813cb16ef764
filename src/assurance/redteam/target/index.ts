// Targets: an OpenAI-compatible chat endpoint (directly or through a Parapet gateway) or any HTTP JSON
// endpoint described by a request template and a JSONPath extractor. Retries with backoff and a
// request budget shared by the whole run wrap both.

import { z } from 'zod';
import type { Message, Reply, ToolCall, ToolSpec } from '../types.ts';
import { exchange, type Exchange } from './http.ts';
import { parsePath, select } from './jsonpath.ts';

const headers = z.record(z.string(), z.string()).default({});

export const openaiTarget = z
  .object({
    kind: z.literal('openai'),
    /** Base URL ending in /v1 (the chat route is appended). */
    url: z.url(),
    model: z.string().min(1),
    /** Environment variable holding the bearer key (never the key itself in YAML). */
    apiKeyEnv: z.string().optional(),
    headers,
    maxTokens: z.number().int().positive().max(32_768).default(1024),
    temperature: z.number().min(0).max(2).default(0),
  })
  .strict();

const jsonPath = z.string().refine((p) => parsePath(p).ok, { message: 'unsupported JSONPath' });

export const httpTarget = z
  .object({
    kind: z.literal('http'),
    url: z.url(),
    method: z.enum(['POST', 'PUT']).default('POST'),
    apiKeyEnv: z.string().optional(),
    headers,
    /** JSON body; a string equal to "{{prompt}}", "{{history}}" or "{{system}}" is replaced by the value, and those placeholders inside longer strings by text. */
    body: z.unknown(),
    response: z.object({ text: jsonPath, toolCalls: jsonPath.optional() }).strict(),
  })
  .strict();

export const targetConfig = z.discriminatedUnion('kind', [openaiTarget, httpTarget]);
export type TargetConfig = z.infer<typeof targetConfig>;

export interface RunLimits {
  readonly timeoutMs: number;
  readonly retries: number;
  /** Total HTTP requests (retries included) the run may send. */
  readonly budget: number;
  readonly backoffMs?: number;
}

export interface Target {
  readonly describe: { kind: string; url: string; model?: string };
  /** Requests sent so far (retries included). */
  sent(): number;
  send(messages: readonly Message[], tools?: readonly ToolSpec[]): Promise<Reply>;
}

/** Fills a JSON template: whole-string placeholders take the value, embedded ones its text. */
export function fill(template: unknown, vars: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{(\w{1,20})\}\}$/.exec(template);
    if (whole && whole[1]! in vars) return vars[whole[1]!];
    return template.replace(/\{\{(\w{1,20})\}\}/g, (m, k: string) =>
      k in vars ? (typeof vars[k] === 'string' ? (vars[k] as string) : JSON.stringify(vars[k])) : m,
    );
  }
  if (Array.isArray(template)) return template.map((t) => fill(t, vars));
  if (template && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, vars)]));
  return template;
}

function fromOpenAI(json: unknown): Reply {
  const r = z
    .object({
      choices: z
        .array(
          z.object({
            message: z.object({
              content: z.string().nullish(),
              tool_calls: z
                .array(
                  z.object({ function: z.object({ name: z.string(), arguments: z.string().default('') }) }),
                )
                .nullish(),
            }),
          }),
        )
        .min(1),
      usage: z.object({ completion_tokens: z.number() }).partial().nullish(),
    })
    .safeParse(json);
  if (!r.success) return { kind: 'error', message: 'the answer is not an OpenAI chat completion' };
  const m = r.data.choices[0]!.message;
  return {
    kind: 'ok',
    text: m.content ?? '',
    toolCalls: (m.tool_calls ?? []).map((c) => ({ name: c.function.name, arguments: c.function.arguments })),
    completionTokens: r.data.usage?.completion_tokens,
  };
}

function fromTemplate(json: unknown, cfg: z.infer<typeof httpTarget>): Reply {
  const p = parsePath(cfg.response.text);
  const texts = p.ok ? select(p.steps, json).filter((v): v is string => typeof v === 'string') : [];
  if (texts.length === 0)
    return { kind: 'error', message: `no string at ${cfg.response.text} in the answer` };
  const toolCalls: ToolCall[] = [];
  if (cfg.response.toolCalls) {
    const q = parsePath(cfg.response.toolCalls);
    for (const c of q.ok ? select(q.steps, json) : []) {
      const x = c as { name?: unknown; function?: { name?: unknown; arguments?: unknown } };
      const name = x?.function?.name ?? x?.name;
      if (typeof name === 'string') toolCalls.push({ name, arguments: String(x.function?.arguments ?? '') });
    }
  }
  return { kind: 'ok', text: texts.join('\n'), toolCalls };
}

/** Builds a target from validated config; `env` supplies API keys named by `apiKeyEnv`. */
export function createTarget(
  cfg: TargetConfig,
  limits: RunLimits,
  env: NodeJS.ProcessEnv = process.env,
): Target {
  let sent = 0;
  const auth: Record<string, string> = {};
  if (cfg.apiKeyEnv) {
    const key = env[cfg.apiKeyEnv];
    if (key) auth.authorization = `Bearer ${key}`;
  }
  const url = cfg.kind === 'openai' ? `${cfg.url.replace(/\/+$/, '')}/chat/completions` : cfg.url;

  const once = async (body: unknown): Promise<Exchange> => {
    if (sent >= limits.budget)
      return { kind: 'error', message: `request budget of ${limits.budget} spent`, retry: false };
    sent++;
    return exchange(
      url,
      { ...cfg.headers, ...auth },
      body,
      limits.timeoutMs,
      cfg.kind === 'http' ? cfg.method : 'POST',
    );
  };

  return {
    describe: { kind: cfg.kind, url: cfg.url, model: cfg.kind === 'openai' ? cfg.model : undefined },
    sent: () => sent,
    async send(messages, tools) {
      let body: unknown;
      if (cfg.kind === 'openai') {
        body = {
          model: cfg.model,
          messages,
          max_tokens: cfg.maxTokens,
          temperature: cfg.temperature,
          ...(tools?.length ? { tools: tools.map((t) => ({ type: 'function', function: t })) } : {}),
        };
      } else {
        const last = messages.at(-1)?.content ?? '';
        body = fill(cfg.body, {
          prompt: last,
          history: messages.slice(0, -1),
          system: messages
            .filter((m) => m.role === 'system')
            .map((m) => m.content)
            .join('\n'),
        });
      }
      let r = await once(body);
      for (let attempt = 1; r.kind === 'error' && r.retry && attempt <= limits.retries; attempt++) {
        const base = (limits.backoffMs ?? 250) * 2 ** (attempt - 1);
        await new Promise((res) => setTimeout(res, base / 2 + Math.random() * base));
        r = await once(body);
      }
      if (r.kind === 'blocked') return r;
      if (r.kind === 'error') return { kind: 'error', message: r.message, status: r.status };
      return cfg.kind === 'openai' ? fromOpenAI(r.json) : fromTemplate(r.json, cfg);
    },
  };
}
