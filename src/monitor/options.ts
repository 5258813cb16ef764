// The monitor's configuration (the `monitor:` section of parapet.yaml), validated with zod.

import { z } from 'zod';
import { sinkConfig } from './alerts/sinks.ts';
import { driftOptions } from './detectors/drift.ts';
import { extractionOptions } from './detectors/extraction.ts';
import { llmOptions } from './detectors/llm.ts';
import { volumeOptions } from './detectors/volume.ts';
import { perturbOptions } from '../incidents/perturb.ts';

const severity = z.enum(['low', 'medium', 'high', 'critical']);

export const respondRule = z
  .object({
    /** Detector name prefixes this rule answers (`extraction.` matches all extraction tests). */
    detectors: z.array(z.string().min(1).max(100)).min(1).max(50),
    minSeverity: severity.default('high'),
    do: z.enum(['block', 'throttle', 'perturb', 'revoke_key']),
    ttlSeconds: z
      .number()
      .int()
      .positive()
      .max(365 * 86400)
      .optional(),
    perMinute: z.number().int().min(0).max(1_000_000).default(10),
    perturb: perturbOptions.default({ mode: 'round', decimals: 1 }),
  })
  .strict();

export const monitorConfig = z
  .object({
    enabled: z.boolean().default(true),
    transport: z
      .discriminatedUnion('kind', [
        z
          .object({
            kind: z.literal('memory'),
            maxQueue: z.number().int().min(1).max(10_000_000).default(100_000),
          })
          .strict(),
        z
          .object({
            kind: z.literal('redis'),
            url: z.string().min(1).max(2000),
            prefix: z.string().max(100).default('parapet:monitor:'),
            shards: z.number().int().min(1).max(1024).default(1),
            /** Shards this node's monitor consumes; [] publishes only (a gateway-only node). */
            consume: z.array(z.number().int().min(0)).max(1024).optional(),
            consumer: z.string().max(100).optional(),
            maxLen: z.number().int().min(1000).default(1_000_000),
          })
          .strict(),
      ])
      .default({ kind: 'memory', maxQueue: 100_000 }),
    detectors: z
      .object({
        extraction: z.union([extractionOptions, z.literal(false)]).prefault({}),
        volume: z.union([volumeOptions, z.literal(false)]).prefault({}),
        drift: z.union([driftOptions, z.literal(false)]).prefault({}),
        llm: z.union([llmOptions, z.literal(false)]).prefault({}),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        dedupeSeconds: z
          .number()
          .min(0)
          .max(7 * 86400)
          .default(600),
        perDetectorPerMinute: z.number().int().min(1).max(100_000).default(30),
      })
      .strict()
      .prefault({}),
    sinks: z
      .array(sinkConfig)
      .max(20)
      .default([{ type: 'log' }, { type: 'store' }]),
    incidents: z
      .object({ openAt: severity.default('high') })
      .strict()
      .prefault({}),
    /** Automatic actions by policy; empty means alerts only (operators act). */
    respond: z.array(respondRule).max(50).default([]),
  })
  .strict();

export type MonitorConfig = z.input<typeof monitorConfig>;
export type MonitorSettings = z.output<typeof monitorConfig>;
