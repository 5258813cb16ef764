// Prometheus metrics for the gateway: requests by model, decision and status; latency histograms for
// the whole call and for Parapet's own share. Fed from the audit event, so both always agree.

import { Counter, Histogram, Registry } from 'prom-client';
import type { AuditEvent } from '../audit/event.ts';

export interface GatewayMetrics {
  readonly contentType: string;
  observe(event: AuditEvent): void;
  render(): Promise<string>;
}

const UNKNOWN = '(unknown)';
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * `models` are the configured model names: any other name a caller sends (it is recorded in the audit
 * event as sent) is counted as `(unknown)`, so callers cannot grow the label sets without bound.
 */
export function createMetrics(models: Iterable<string>): GatewayMetrics {
  const known = new Set(models);
  const registry = new Registry();
  const requests = new Counter({
    name: 'parapet_requests_total',
    help: 'Calls through the gateway by model, decision and HTTP status',
    labelNames: ['model', 'decision', 'status', 'reason'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'parapet_request_duration_seconds',
    help: 'Whole-call latency including the upstream',
    labelNames: ['model'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const overhead = new Histogram({
    name: 'parapet_overhead_seconds',
    help: 'Time spent in Parapet itself, excluding the upstream',
    labelNames: ['model'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const upstream = new Histogram({
    name: 'parapet_upstream_duration_seconds',
    help: 'Time waiting for the upstream model',
    labelNames: ['model'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'parapet_tokens_total',
    help: 'Tokens by model and kind (prompt, completion)',
    labelNames: ['model', 'kind'] as const,
    registers: [registry],
  });
  // Label sets bound once per configured model, so the hot path does no label hashing.
  const bound = new Map<string, ReturnType<typeof bind>>();
  const bind = (model: string) => ({
    duration: duration.labels({ model }),
    overhead: overhead.labels({ model }),
    upstream: upstream.labels({ model }),
    prompt: tokens.labels({ model, kind: 'prompt' }),
    completion: tokens.labels({ model, kind: 'completion' }),
  });
  const forModel = (model: string) => {
    let b = bound.get(model);
    if (!b) {
      b = bind(model);
      bound.set(model, b);
    }
    return b;
  };
  return {
    contentType: registry.contentType,
    observe(e) {
      const name = e.request.model ?? '';
      const model = name === '' || known.has(name) ? name : UNKNOWN;
      const m = forModel(model);
      requests.inc({ model, decision: e.decision, status: e.response.status, reason: e.reasons[0] ?? '' });
      m.duration.observe(e.latencyMs.total / 1000);
      m.overhead.observe(e.latencyMs.parapet / 1000);
      if (e.latencyMs.upstream !== undefined) m.upstream.observe(e.latencyMs.upstream / 1000);
      if (e.tokens?.prompt) m.prompt.inc(e.tokens.prompt);
      if (e.tokens?.completion) m.completion.inc(e.tokens.completion);
    },
    render: () => registry.metrics(),
  };
}
