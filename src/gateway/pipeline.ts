// The flow of one request: listen → identify → authorize → limit → inspect input → forward → inspect
// output → respond, with exactly one audit event per call. Each stage returns a value or a denial;
// denials become HTTP errors only in finish().

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Denial, deny } from '../errors/index.ts';
import { applySystemAddition, type RequestScope } from '../guards/index.ts';
import { estimateTokens } from '../limits/tokens.ts';
import { parseJsonObject, readBody } from './body.ts';
import { type CallContext, newContext, overheadMs, type Reply, toEvent } from './context.ts';
import type { GatewayDeps, Lease, ModelRoute } from './deps.ts';
import { encryptBody } from './encrypt.ts';
import { applySegments, inputSegments } from './extract.ts';
import { forward } from './forward.ts';
import { requestId } from './request-id.ts';
import { errorBody } from './respond.ts';
import { matchRoute } from './routes.ts';

/** Handles one HTTP request. Never throws: an unexpected error becomes a 500 `internal.error`. */
export async function handle(deps: GatewayDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  const route = matchRoute(method, path);
  const ctx = newContext(
    requestId(req.headers['x-request-id']),
    req.socket.remoteAddress ?? '',
    req.headers['user-agent'],
    method,
    route?.template ?? path,
  );
  if (q !== -1) ctx.query = url.slice(q + 1);
  try {
    if (!route)
      return await finish(deps, ctx, res, deny('route.not_found', `No route for ${method} ${path}.`));
    switch (route.kind) {
      case 'health':
        return send(res, 200, { 'content-type': 'application/json' }, '{"status":"ok"}');
      case 'ready':
        return deps.ready()
          ? send(res, 200, { 'content-type': 'application/json' }, '{"status":"ready"}')
          : send(res, 503, { 'content-type': 'application/json' }, '{"status":"starting"}');
      case 'metrics': {
        if (!deps.metrics) return send(res, 404, {}, '');
        const text = await deps.metrics.render();
        return send(res, 200, { 'content-type': deps.metrics.contentType }, text);
      }
    }

    if (deps.flags.blocked('source', ctx.source)) {
      return await finish(deps, ctx, res, deny('auth.blocked', 'This source address is blocked.'));
    }
    const who = await deps.identifier.identify(req.headers, req.socket);
    if (!who.ok) return await finish(deps, ctx, res, who.denial);
    ctx.identity = who.value;
    if (deps.flags.blocked('identity', who.value.id)) {
      return await finish(deps, ctx, res, deny('auth.blocked', 'This identity is blocked.'));
    }
    const perMinute = deps.flags.throttle?.(who.value.id);
    if (perMinute !== undefined) {
      const t = await deps.limiter.throttle(who.value.id, perMinute);
      if (!t.ok) return await finish(deps, ctx, res, t.denial);
    }

    if (route.kind === 'list_models') return await finish(deps, ctx, res, listModels(deps, ctx));

    const body = await readBody(req, deps.bodyLimit);
    if (!body.ok) return await finish(deps, ctx, res, body.denial);
    ctx.bytesIn = body.value.length;

    if (route.kind === 'admin') {
      if (!deps.admin) return await finish(deps, ctx, res, deny('route.not_found'));
      return await finish(deps, ctx, res, await deps.admin(ctx, body.value, deps.authorizer));
    }

    const json = parseJsonObject(body.value);
    if (!json.ok) return await finish(deps, ctx, res, json.denial);
    const name = route.kind === 'infer' ? route.model : json.value.model;
    if (typeof name !== 'string' || name === '') {
      return await finish(
        deps,
        ctx,
        res,
        deny('request.invalid', 'The request must name a model ("model": "...").'),
      );
    }
    ctx.model = name;
    ctx.stream = route.kind === 'openai' && json.value.stream === true;
    const model = deps.models.get(name);
    const decision = deps.authorizer.authorize({
      identity: who.value,
      action: 'invoke',
      resource: { type: 'Model', id: name, attrs: model ? modelAttrs(model) : undefined },
      context: { source: ctx.source, stream: ctx.stream, route: ctx.route },
    });
    // An unknown model is reported as not found only to callers who could call it if it existed.
    if (!model) {
      return await finish(deps, ctx, res, deny(decision.allowed ? 'model.not_found' : 'policy.denied'));
    }
    if (!decision.allowed) {
      return await finish(deps, ctx, res, deny('policy.denied', `You may not call model ${name}.`));
    }
    if (deps.flags.blocked('model', name) || deps.flags.blocked('route', ctx.route)) {
      return await finish(
        deps,
        ctx,
        res,
        deny('route.disabled', `Model ${name} is disabled by an operator.`),
      );
    }
    if (model.config.encryptResponses) {
      if (!deps.responseKeys?.has(who.value.id)) {
        return await finish(
          deps,
          ctx,
          res,
          deny('policy.denied', `Model ${name} answers only callers with a registered encryption key.`),
        );
      }
      if (ctx.stream) {
        return await finish(
          deps,
          ctx,
          res,
          deny('request.invalid', `Model ${name} encrypts its answers, so it cannot stream.`),
        );
      }
      ctx.encryptTo = deps.responseKeys.get(who.value.id);
    }
    ctx.upstream = model.upstream.origin;
    if (model.pinned) {
      const pin = await model.pinned();
      if ('code' in pin) return await finish(deps, ctx, res, pin);
      ctx.modelVersion = pin.version;
      ctx.modelDigest = pin.digest;
    }

    const segments = route.kind === 'openai' ? inputSegments(json.value) : [];
    let promptTokens = 0;
    for (const s of segments) promptTokens += estimateTokens(s.text);
    const lease = await deps.limiter.acquire({ identity: who.value.id, model: name, promptTokens });
    if (!lease.ok) return await finish(deps, ctx, res, lease.denial);
    Object.assign(ctx.headers, lease.value.headers);
    return await guardedCall(deps, ctx, res, route, model, json.value, body.value, segments, lease.value);
  } catch (err) {
    deps.log?.error({ err, requestId: ctx.requestId }, 'unexpected error in the pipeline');
    if (!res.headersSent) await finish(deps, ctx, res, deny('internal.error'));
    else res.destroy();
  }
}

async function guardedCall(
  deps: GatewayDeps,
  ctx: CallContext,
  res: ServerResponse,
  route: NonNullable<ReturnType<typeof matchRoute>>,
  model: ModelRoute,
  body: Record<string, unknown>,
  raw: Buffer,
  segments: ReturnType<typeof inputSegments>,
  lease: Lease,
): Promise<void> {
  let usage: { promptTokens?: number; completionTokens?: number } = {};
  try {
    const roles = ctx.identity!.roles;
    const scope: RequestScope = {
      requestId: ctx.requestId,
      identity: ctx.identity!.id,
      tenant: ctx.identity!.tenant,
      model: ctx.model!,
      values: new Map(),
    };
    let outgoing: Buffer | string = raw;
    if (model.guards) {
      const verdict = await model.guards.inspectInput(segments, body, scope, roles);
      ctx.findings.push(...verdict.findings);
      if (!verdict.ok) return await finish(deps, ctx, res, verdict.denial);
      if (verdict.changed || verdict.systemAddition) {
        if (verdict.changed) applySegments(body, verdict.segments);
        if (verdict.systemAddition) applySystemAddition(body, verdict.systemAddition);
        outgoing = JSON.stringify(body);
      }
    }
    const result = await forward(deps, ctx, res, route, model, body, outgoing, scope);
    usage = { promptTokens: ctx.tokens?.prompt, completionTokens: ctx.tokens?.completion };
    if (result) await finish(deps, ctx, res, result);
  } finally {
    lease.release(usage);
  }
}

function listModels(deps: GatewayDeps, ctx: CallContext): Reply | Denial {
  const data = [];
  for (const [name, m] of deps.models) {
    const d = deps.authorizer.authorize({
      identity: ctx.identity!,
      action: 'invoke',
      resource: { type: 'Model', id: name, attrs: modelAttrs(m) },
      context: { source: ctx.source, stream: false, route: ctx.route },
    });
    if (d.allowed) data.push({ id: name, object: 'model', created: 0, owned_by: 'parapet' });
  }
  return json(200, { object: 'list', data });
}

function modelAttrs(m: ModelRoute): Record<string, unknown> {
  return { name: m.config.name, risk_tier: m.config.riskTier, tags: m.config.tags };
}

export function json(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/**
 * Ends a call: records its audit event (in strict mode, before a byte of the answer leaves), then
 * writes the reply or the denial with `x-parapet-overhead-ms`.
 */
export async function finish(
  deps: GatewayDeps,
  ctx: CallContext,
  res: ServerResponse,
  out: Reply | Denial,
): Promise<void> {
  const denial = 'code' in out ? out : undefined;
  let reply: Reply = denial
    ? (() => {
        const e = errorBody(denial, ctx.requestId);
        return {
          status: e.status,
          headers: { 'content-type': 'application/json', ...e.headers },
          body: e.body,
        };
      })()
    : (out as Reply);
  if (!denial && ctx.encryptTo && reply.status < 300) {
    const type = reply.headers['content-type'] ?? 'application/json';
    reply = {
      status: reply.status,
      headers: { 'content-type': 'application/jose' },
      body: await encryptBody(reply.body, ctx.encryptTo, type),
    };
  }
  const bytesOut = typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.length;
  const event = toEvent(ctx, deps.node, reply.status, bytesOut, denial);
  try {
    await deps.audit.record(event);
  } catch (err) {
    deps.log?.error({ err, requestId: ctx.requestId }, 'audit record failed; refusing to answer');
    const e = errorBody(
      deny('internal.error', 'The call could not be recorded, so it was not answered.'),
      ctx.requestId,
    );
    return send(res, e.status, { 'content-type': 'application/json', 'x-request-id': ctx.requestId }, e.body);
  }
  deps.metrics?.observe(event);
  deps.onEvent?.(event);
  send(
    res,
    reply.status,
    { ...ctx.headers, ...reply.headers, 'x-parapet-overhead-ms': overheadMs(ctx).toFixed(3) },
    reply.body,
  );
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end(body);
}
