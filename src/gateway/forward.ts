// Forwarding to the upstream and inspecting what comes back: whole JSON answers here, server-sent
// event streams in stream.ts. The client's credentials and headers are never forwarded.

import type { ServerResponse } from 'node:http';
import { type Denial, deny } from '../errors/index.ts';
import type { RequestScope } from '../guards/types.ts';
import type { CallContext, Reply } from './context.ts';
import type { GatewayDeps, ModelRoute } from './deps.ts';
import { applySegments, outputSegments } from './extract.ts';
import type { Route } from './routes.ts';
import { streamAnswer } from './stream.ts';
import { callUpstream } from './upstream/client.ts';
import { inferenceRecord, inferPath, perturbAnswer } from './upstream/json.ts';

/** Calls the upstream. Returns the reply to send, or undefined when it streamed the answer itself. */
export async function forward(
  deps: GatewayDeps,
  ctx: CallContext,
  res: ServerResponse,
  route: Route,
  model: ModelRoute,
  body: Record<string, unknown>,
  outgoing: Buffer | string,
  scope: RequestScope,
): Promise<Reply | Denial | undefined> {
  const up = model.upstream;
  let path: string;
  let clientWantsUsage = true;
  if (route.kind === 'openai') {
    path = route.upstreamPath!;
    const rename = up.config.model && up.config.model !== body.model;
    // Ask a streaming upstream for usage so token limits see completion tokens; hide it if unasked.
    const addUsage =
      ctx.stream &&
      path !== '/responses' &&
      !(body.stream_options as { include_usage?: boolean })?.include_usage;
    if (rename || addUsage) {
      if (rename) body.model = up.config.model;
      if (addUsage) {
        clientWantsUsage = false;
        body.stream_options = { ...(body.stream_options as object), include_usage: true };
      }
      outgoing = JSON.stringify(body);
    }
  } else {
    path = inferPath(up.config, ctx.model!);
  }

  const abort = new AbortController();
  const onClose = () => abort.abort();
  res.once('close', onClose);
  const t = performance.now();
  const answer = await callUpstream(up, path, outgoing, ctx.requestId, abort.signal);
  if (!answer.ok) {
    ctx.upstreamMs += performance.now() - t;
    return answer.denial;
  }
  const r = answer.value;
  if (ctx.stream && r.status === 200 && r.contentType.startsWith('text/event-stream')) {
    ctx.upstreamMs += performance.now() - t;
    await streamAnswer(deps, ctx, res, model, r, scope, clientWantsUsage, t);
    res.off('close', onClose);
    return undefined;
  }
  let text: string;
  try {
    text = await r.body.text();
  } catch (err) {
    ctx.upstreamMs += performance.now() - t;
    return deny('upstream.unavailable', 'The upstream answer could not be read.', {
      detail: { cause: String(err) },
    });
  } finally {
    res.off('close', onClose);
  }
  ctx.upstreamMs += performance.now() - t;
  if (r.status >= 500) {
    return deny('upstream.error', `The upstream answered with status ${r.status}.`, {
      detail: { status: r.status },
    });
  }
  const isJson = r.contentType.includes('json');
  let parsed: unknown;
  if (isJson && r.status < 300) {
    try {
      parsed = JSON.parse(text);
    } catch {
      return deny('upstream.unavailable', 'The upstream answered with invalid JSON.');
    }
  }
  if (parsed !== undefined) {
    if (route.kind === 'openai') {
      const u = (parsed as { usage?: Record<string, number> }).usage;
      if (u) ctx.tokens = usageOf(u);
      const changed = await inspectAnswer(ctx, model, parsed, scope);
      if (typeof changed === 'object') return changed;
      if (changed) text = JSON.stringify(parsed);
    } else {
      ctx.inference = inferenceRecord(body, parsed);
      const perturb = deps.flags.perturbation?.(ctx.identity!.id);
      if (perturb && perturbAnswer(parsed, perturb, ctx.requestId)) {
        ctx.inference = { ...ctx.inference, perturbed: true };
        text = JSON.stringify(parsed);
      }
    }
  }
  return { status: r.status, headers: { 'content-type': r.contentType || 'application/json' }, body: text };
}

/** Output guards on a whole answer; restores pseudonymised values. Returns a denial, true if rewritten. */
async function inspectAnswer(ctx: CallContext, model: ModelRoute, parsed: unknown, scope: RequestScope) {
  const guards = model.guards;
  if (!guards) return false;
  let segments = outputSegments(parsed);
  let changed = false;
  const verdict = await guards.inspectOutput(segments, scope, ctx.identity!.roles);
  ctx.findings.push(...verdict.findings);
  if (!verdict.ok) return verdict.denial;
  if (verdict.changed) {
    segments = [...verdict.segments];
    changed = true;
  }
  if (guards.restore && scope.values.size > 0) {
    const restored = [];
    for (const s of segments) {
      const text = await guards.restore(s.text, scope);
      if (text !== s.text) changed = true;
      restored.push({ ...s, text });
    }
    segments = restored;
  }
  if (changed) applySegments(parsed, segments);
  return changed;
}

export function usageOf(u: Record<string, number>): { prompt?: number; completion?: number; total?: number } {
  const prompt = u.prompt_tokens ?? u.input_tokens;
  const completion = u.completion_tokens ?? u.output_tokens;
  return { prompt, completion, total: u.total_tokens ?? (prompt ?? 0) + (completion ?? 0) };
}
