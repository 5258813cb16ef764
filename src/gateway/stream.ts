// Server-sent event answers, passed on event by event. With stream guards, an event is held back
// only until the guards' sliding window has cleared its text; a blocked stream ends with an error
// event (the OpenAI SDK raises it), never left hanging. The audit event is recorded before the end.

import type { ServerResponse } from 'node:http';
import type { Denial } from '../errors/index.ts';
import type { RequestScope } from '../guards/types.ts';
import { type CallContext, overheadMs, toEvent } from './context.ts';
import type { GatewayDeps, ModelRoute } from './deps.ts';
import { setStreamDelta, streamDelta } from './extract.ts';
import { usageOf } from './forward.ts';
import { errorEvent } from './respond.ts';
import type { UpstreamResponse } from './upstream/client.ts';
import { upstreamDenial } from './upstream/client.ts';
import { type SseEvent, SseSplitter } from './upstream/sse.ts';

interface Pending {
  readonly raw: string;
  /** Cumulative answer length once this event's text is included. */
  readonly end: number;
  /** The parsed chunk and its text, kept when a mask or a restorer may rewrite it. */
  readonly chunk?: unknown;
  readonly delta?: string;
}

export async function streamAnswer(
  deps: GatewayDeps,
  ctx: CallContext,
  res: ServerResponse,
  model: ModelRoute,
  upstream: UpstreamResponse,
  scope: RequestScope,
  clientWantsUsage: boolean,
  startedAt: number,
): Promise<void> {
  res.writeHead(200, {
    ...ctx.headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-parapet-overhead-ms': overheadMs(ctx).toFixed(3),
  });
  const upstreamBefore = ctx.upstreamMs - (performance.now() - startedAt);
  const inspector = model.guards?.openStream(scope, ctx.identity!.roles);
  // Pseudonymised values go back into the answer event by event, after the stream guards saw them.
  const restorer =
    model.guards?.openRestorer && scope.values.size > 0 ? await model.guards.openRestorer(scope) : undefined;
  let lastChunk: unknown;
  const splitter = new SseSplitter();
  const decoder = new TextDecoder();
  const pending: Pending[] = [];
  let total = 0;
  let released = 0;
  let bytesOut = 0;
  let done: SseEvent | undefined;
  let denial: Denial | undefined;

  const write = (s: string) => {
    bytesOut += Buffer.byteLength(s);
    res.write(s);
  };
  const flush = (upTo: number) => {
    while (pending.length > 0 && pending[0]!.end <= upTo) {
      const p = pending.shift()!;
      if (p.delta === undefined) {
        write(p.raw);
        continue;
      }
      // Masked spans (stream guards) first, then pseudonyms restored; rewritten only when changed.
      let text = inspector ? inspector.rewrite(p.end - p.delta.length, p.delta) : p.delta;
      if (restorer) text = restorer.push(text);
      if (text !== p.delta && setStreamDelta(p.chunk, text)) write(`data: ${JSON.stringify(p.chunk)}\n\n`);
      else write(p.raw);
    }
  };
  const take = async (ev: SseEvent) => {
    if (ev.data === undefined) return;
    if (ev.data === '[DONE]') {
      done = ev;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(ev.data);
    } catch {
      pending.push({ raw: ev.raw, end: total });
      return;
    }
    const u = (chunk as { usage?: Record<string, number> | null }).usage;
    if (u) {
      ctx.tokens = usageOf(u);
      const choices = (chunk as { choices?: unknown[] }).choices;
      if (!clientWantsUsage && Array.isArray(choices) && choices.length === 0) return;
    }
    const delta = streamDelta(chunk);
    if (delta) {
      total += delta.length;
      lastChunk = chunk;
    }
    pending.push(
      (restorer || inspector) && delta
        ? { raw: ev.raw, end: total, chunk, delta }
        : { raw: ev.raw, end: total },
    );
    if (delta && inspector) {
      const r = await inspector.push(delta);
      ctx.findings.push(...r.findings);
      if (r.denial) denial = r.denial;
      released = r.through;
    } else if (!inspector) released = total;
  };

  try {
    for await (const chunk of upstream.body) {
      for (const ev of splitter.push(decoder.decode(chunk, { stream: true }))) {
        await take(ev);
        if (denial) break;
      }
      if (denial) break;
      flush(released);
    }
    if (!denial) {
      const rest = splitter.rest();
      if (rest) await take(rest);
    }
    if (!denial && inspector) {
      const r = await inspector.end();
      ctx.findings.push(...r.findings);
      if (r.denial) denial = r.denial;
    }
  } catch (err) {
    if (res.destroyed) denial = { code: 'request.invalid', message: 'The client closed the stream.' };
    else denial = upstreamDenial(err);
  }
  ctx.upstreamMs = upstreamBefore + (performance.now() - startedAt);
  if (denial) {
    upstream.body.destroy();
    pending.length = 0;
  } else {
    flush(Number.POSITIVE_INFINITY);
    const rest = restorer?.end();
    if (rest && lastChunk && setStreamDelta(lastChunk, rest)) write(`data: ${JSON.stringify(lastChunk)}\n\n`);
  }

  const tail = denial ? errorEvent(denial, ctx.requestId) : (done?.raw ?? '');
  const event = toEvent(ctx, deps.node, 200, bytesOut + Buffer.byteLength(tail), denial);
  try {
    await deps.audit.record(event);
  } catch (err) {
    deps.log?.error(
      { err, requestId: ctx.requestId },
      'audit record failed; ending the stream without [DONE]',
    );
    res.destroy();
    return;
  }
  deps.metrics?.observe(event);
  deps.onEvent?.(event);
  if (!res.destroyed) res.end(tail);
}
