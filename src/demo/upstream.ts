// A small, deterministic model server that `npm start` puts behind Parapet so something real answers,
// and that tests use as their upstream: OpenAI-compatible chat (streamed or not), completions,
// Responses, embeddings and model listing, plus an iris classifier over plain JSON and KServe v2.

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../lib/listen.ts';

export interface DemoOptions {
  readonly host?: string;
  readonly port?: number;
  /** Delay before answering, to exercise upstream timeouts. */
  readonly delayMs?: number;
  /** Characters per streamed chunk. */
  readonly chunkSize?: number;
  /** Answer every chat call with this text instead of echoing the user. */
  readonly reply?: string;
  /** Answer chat calls with whatever this returns for the request's messages (tests: leaks, exfiltration). */
  readonly replyWith?: (messages: readonly { role?: string; content?: unknown }[]) => string;
  /** Require this bearer token (to prove Parapet sends the upstream's own credential). */
  readonly apiKey?: string;
}

export interface DemoUpstream {
  readonly url: string;
  /** Headers of the last request received (tests check what Parapet forwarded). */
  readonly lastHeaders: () => IncomingMessage['headers'] | undefined;
  readonly lastBody: () => unknown;
  close(): Promise<void>;
}

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

export async function startDemoUpstream(opts: DemoOptions = {}): Promise<DemoUpstream> {
  let lastHeaders: IncomingMessage['headers'] | undefined;
  let lastBody: unknown;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    lastHeaders = req.headers;
    let body: Record<string, unknown>;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return sendJson(res, 400, { error: { type: 'invalid_request_error', message: 'invalid JSON' } });
    }
    lastBody = body;
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return sendJson(res, 401, { error: { type: 'authentication_error', message: 'bad upstream key' } });
    }
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    route(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, body, res, opts);
  });
  server.keepAliveTimeout = 60_000;
  await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    lastHeaders: () => lastHeaders,
    lastBody: () => lastBody,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function route(
  method: string,
  path: string,
  body: Record<string, unknown>,
  res: ServerResponse,
  opts: DemoOptions,
) {
  const model = typeof body.model === 'string' ? body.model : 'demo-chat';
  if (method === 'GET' && path === '/v1/models') {
    return sendJson(res, 200, {
      object: 'list',
      data: [{ id: 'demo-chat', object: 'model', created: 0, owned_by: 'demo' }],
    });
  }
  if (method !== 'POST') return sendJson(res, 404, { error: { message: 'not found' } });
  switch (path) {
    case '/v1/chat/completions': {
      const messages = Array.isArray(body.messages)
        ? (body.messages as { role?: string; content?: unknown }[])
        : [];
      const last = [...messages].reverse().find((m) => m.role === 'user');
      const said = typeof last?.content === 'string' ? last.content : '';
      const prompt = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
      const answer = opts.replyWith?.(messages) ?? opts.reply ?? `You said: ${said}`;
      const usage = {
        prompt_tokens: tokens(prompt),
        completion_tokens: tokens(answer),
        total_tokens: tokens(prompt) + tokens(answer),
      };
      if (body.stream === true) return streamChat(res, model, answer, usage, body, opts.chunkSize ?? 8);
      return sendJson(res, 200, {
        id: 'chatcmpl-demo',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        usage,
      });
    }
    case '/v1/completions': {
      const prompt = typeof body.prompt === 'string' ? body.prompt : '';
      const text = opts.reply ?? ` echo: ${prompt}`;
      return sendJson(res, 200, {
        id: 'cmpl-demo',
        object: 'text_completion',
        created: 0,
        model,
        choices: [{ index: 0, text, finish_reason: 'stop', logprobs: null }],
        usage: {
          prompt_tokens: tokens(prompt),
          completion_tokens: tokens(text),
          total_tokens: tokens(prompt) + tokens(text),
        },
      });
    }
    case '/v1/responses': {
      const input = typeof body.input === 'string' ? body.input : '';
      const text = opts.reply ?? `You said: ${input}`;
      return sendJson(res, 200, {
        id: 'resp-demo',
        object: 'response',
        created_at: 0,
        status: 'completed',
        model,
        output: [
          {
            type: 'message',
            id: 'msg-demo',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text, annotations: [] }],
          },
        ],
        usage: {
          input_tokens: tokens(input),
          output_tokens: tokens(text),
          total_tokens: tokens(input) + tokens(text),
        },
      });
    }
    case '/v1/embeddings': {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      // The OpenAI SDKs ask for base64 (little-endian float32) unless told otherwise.
      const base64 = body.encoding_format === 'base64';
      const data = inputs.map((t, index) => {
        const v = embed(String(t));
        const embedding = base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
        return { object: 'embedding', index, embedding };
      });
      const n = inputs.reduce((a: number, t) => a + tokens(String(t)), 0);
      return sendJson(res, 200, {
        object: 'list',
        data,
        model,
        usage: { prompt_tokens: n, total_tokens: n },
      });
    }
    case '/infer':
    case '/v2/models/iris/infer':
      return iris(path !== '/infer', body, res);
    default:
      return sendJson(res, 404, { error: { message: `no route ${path}` } });
  }
}

function streamChat(
  res: ServerResponse,
  model: string,
  answer: string,
  usage: Record<string, number>,
  body: Record<string, unknown>,
  size: number,
) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-demo', object: 'chat.completion.chunk', created: 0, model };
  const send = (v: unknown) => res.write(`data: ${JSON.stringify(v)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (let i = 0; i < answer.length; i += size) {
    send({
      ...base,
      choices: [{ index: 0, delta: { content: answer.slice(i, i + size) }, finish_reason: null }],
    });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage)
    send({ ...base, choices: [], usage });
  res.end('data: [DONE]\n\n');
}

/** Deterministic 8-dimensional unit vector derived from the text. */
function embed(text: string): number[] {
  const h = createHash('sha256').update(text).digest();
  const v = Array.from({ length: 8 }, (_, i) => h.readInt16BE(i * 2) / 32768);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** A fixed decision stump over Fisher's iris features (petal length and width, in cm). */
function iris(kserve: boolean, body: Record<string, unknown>, res: ServerResponse) {
  const raw = kserve ? (body.inputs as { data?: unknown }[] | undefined)?.[0]?.data : body.inputs;
  const f = Array.isArray(raw) ? raw.flat(2) : [];
  if (f.length !== 4 || !f.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return sendJson(res, 400, {
      error: 'expected 4 numeric features: sepal_length, sepal_width, petal_length, petal_width',
    });
  }
  const [, , pl, pw] = f as number[];
  const scores = [2.45 - pl!, Math.min(pl! - 2.45, 1.75 - pw!), Math.min(pl! - 2.45, pw! - 1.75)];
  const exp = scores.map((s) => Math.exp(4 * s));
  const sum = exp.reduce((a, b) => a + b, 0);
  const probabilities = exp.map((e) => Math.round((e / sum) * 1e4) / 1e4);
  const labels = ['setosa', 'versicolor', 'virginica'];
  const label = labels[probabilities.indexOf(Math.max(...probabilities))]!;
  if (!kserve) return sendJson(res, 200, { label, probabilities });
  return sendJson(res, 200, {
    model_name: 'iris',
    outputs: [
      { name: 'label', datatype: 'BYTES', shape: [1], data: [label] },
      { name: 'probabilities', datatype: 'FP32', shape: [3], data: probabilities },
    ],
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
