// Where alerts go: the log, a webhook (generic JSON or Slack-compatible), or the store (for the CLI,
// the dashboard and incidents). Sinks never throw into the monitor: failures are counted and logged.

import { request } from 'undici';
import { z } from 'zod';
import type { Alert } from '../types.ts';

export const sinkConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log') }).strict(),
  z
    .object({
      type: z.literal('webhook'),
      url: z.url().max(2000),
      format: z.enum(['json', 'slack']).default('json'),
      timeoutMs: z.number().int().min(100).max(60_000).default(5000),
      /** Only alerts at or above this severity. */
      minSeverity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
      headers: z.record(z.string().max(100), z.string().max(2000)).default({}),
    })
    .strict(),
  z.object({ type: z.literal('store') }).strict(),
]);

export type SinkConfig = z.input<typeof sinkConfig>;

export interface AlertSink {
  readonly name: string;
  send(alert: Alert): Promise<void>;
}

/** Slack's incoming-webhook shape: a text line and one section with the evidence. */
export function slackPayload(a: Alert): unknown {
  const icon = a.severity === 'critical' || a.severity === 'high' ? ':rotating_light:' : ':warning:';
  const ev = Object.entries(a.evidence)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return {
    text: `${icon} [${a.severity}] ${a.summary}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${a.detector}* (${a.severity})\n${a.summary}` } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `evidence: ${ev}` },
          {
            type: 'mrkdwn',
            text: `identities: ${a.identities.slice(0, 10).join(', ') || '—'}; models: ${a.models.join(', ') || '—'}; alert ${a.id}`,
          },
        ],
      },
    ],
  };
}

/** A webhook sink. Header values (tokens) are sent but never logged. */
export function webhookSink(c: Extract<z.output<typeof sinkConfig>, { type: 'webhook' }>): AlertSink {
  const rank = { low: 1, medium: 2, high: 3, critical: 4 } as const;
  return {
    name: `webhook:${new URL(c.url).host}`,
    async send(a) {
      if (rank[a.severity] < rank[c.minSeverity]) return;
      const body = JSON.stringify(
        c.format === 'slack' ? slackPayload(a) : { type: 'parapet.alert', alert: a },
      );
      const res = await request(c.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...c.headers },
        body,
        headersTimeout: c.timeoutMs,
        bodyTimeout: c.timeoutMs,
      });
      await res.body.dump();
      if (res.statusCode >= 300) throw new Error(`webhook answered ${res.statusCode}`);
    },
  };
}

/** A sink that writes one JSON line per alert through `write` (pino's info, or stderr). */
export function logSink(write: (obj: Record<string, unknown>, msg: string) => void): AlertSink {
  return {
    name: 'log',
    async send(a) {
      write({ alert: a }, `alert ${a.severity} ${a.detector}: ${a.summary}`);
    },
  };
}
