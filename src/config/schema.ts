// The YAML configuration's schema: one zod definition that validates the file, supplies defaults and
// is exported as JSON Schema for editors (`parapet config schema`).

import { z } from 'zod';

const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s), { message: 'expected an http(s) URL' })
  .describe('http(s) URL');

const duration = z
  .union([
    z.number().nonnegative(),
    z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration like 30s or 5m'),
  ])
  .transform((v) => (typeof v === 'number' ? v : parseDuration(v)));

const size = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(b|kb|mb|gb)$/i, 'expected a size like 1mb')])
  .transform((v) => (typeof v === 'number' ? v : parseSize(v)));

/** Parses `30s`, `5m`, `250ms`, `24h`, `7d` into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * unit;
}

function parseSize(text: string): number {
  const m = /^(\d+)(b|kb|mb|gb)$/i.exec(text)!;
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[
    m[2]!.toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'
  ];
  return Number(m[1]) * unit;
}

const tls = z
  .object({
    cert: z.string().describe('PEM certificate chain file; reloaded when it changes'),
    key: z.string().describe('PEM private key file; reloaded when it changes'),
    clientCa: z.string().optional().describe('PEM CA bundle for client certificates (enables mutual TLS)'),
    minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).default('TLSv1.2'),
  })
  .strict();

const listen = z
  .object({
    host: z.string().default('127.0.0.1').describe('Loopback unless you mean to expose Parapet'),
    port: z.number().int().min(0).max(65535).default(8080),
    tls: tls.optional(),
    bodyLimit: size.default(1024 * 1024),
    headersTimeout: duration.default(10_000),
    requestTimeout: duration.default(120_000),
    keepAliveTimeout: duration.default(5_000),
  })
  .strict();

const upstream = z
  .object({
    kind: z.enum(['openai', 'json', 'kserve']),
    url: httpUrl.describe(
      'Base URL: for openai the .../v1 prefix; for json the inference URL; for kserve the server root',
    ),
    apiKey: z
      .string()
      .optional()
      .describe('Upstream credential from the environment, e.g. $' + '{OPENAI_API_KEY}; never the client’s'),
    model: z
      .string()
      .optional()
      .describe('Model name the upstream knows, when it differs from the public name'),
    headers: z.record(z.string(), z.string()).default({}),
    timeout: duration.default(60_000),
    connectTimeout: duration.default(5_000),
    caBundle: z
      .string()
      .optional()
      .describe('PEM CA bundle to trust for this upstream instead of the system roots'),
    connections: z.number().int().positive().default(128),
  })
  .strict();

const guardRef = z.record(z.string(), z.unknown()).describe('guard name → options (action, on_error, …)');

const model = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._:/-]{1,128}$/, 'expected a model name of letters, digits and ._:/-'),
    upstream,
    riskTier: z.enum(['low', 'medium', 'high']).default('low'),
    tags: z.array(z.string()).default([]),
    guards: guardRef.optional().describe('Overrides the top-level guards for this model'),
    registry: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/, 'expected NAME@alias')
      .optional()
      .describe('Pin to a registry version'),
    encryptResponses: z.boolean().default(false).describe('Encrypt response bodies to the caller’s JWE key'),
  })
  .strict();

const limitRule = z
  .object({
    requests: z.object({ limit: z.number().int().positive(), window: duration }).strict().optional(),
    concurrency: z.number().int().positive().optional(),
    tokensPerMinute: z.number().int().positive().optional(),
    tokensPerDay: z.number().int().positive().optional(),
  })
  .strict();

const jwt = z
  .object({
    issuer: z.string(),
    audience: z.union([z.string(), z.array(z.string())]),
    jwksUrl: httpUrl.optional(),
    jwksFile: z.string().optional(),
    algorithms: z
      .array(
        z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']),
      )
      .default(['RS256', 'ES256', 'EdDSA'])
      .describe('Asymmetric algorithms only: none and HMAC are refused'),
    clockTolerance: duration.default(30_000),
    rolesClaim: z.string().default('roles'),
    modelsClaim: z.string().default('models'),
    tenantClaim: z.string().optional(),
  })
  .strict()
  .refine((j) => Boolean(j.jwksUrl) !== Boolean(j.jwksFile), {
    message: 'expected exactly one of jwksUrl or jwksFile',
  });

const mtlsIdentity = z
  .object({
    match: z.string().describe('Certificate subject CN, or a SAN value (DNS:…, URI:…, email:…)'),
    id: z.string(),
    roles: z.array(z.string()).min(1),
    models: z.array(z.string()).default(['*']),
    tenant: z.string().optional(),
  })
  .strict();

export const configSchema = z
  .object({
    node: z.string().optional().describe('This gateway node’s name in the audit chain (default: host name)'),
    listen: listen.default(listen.parse({})),
    store: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('sqlite'), path: z.string().default('.parapet/parapet.db') }).strict(),
        z.object({ kind: z.literal('postgres'), url: z.string() }).strict(),
      ])
      .default({ kind: 'sqlite', path: '.parapet/parapet.db' }),
    state: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('memory') }).strict(),
        z
          .object({ kind: z.literal('redis'), url: z.string(), prefix: z.string().default('parapet:') })
          .strict(),
      ])
      .default({ kind: 'memory' }),
    audit: z
      .object({
        durability: z.enum(['strict', 'async']).default('strict'),
        checkpointEvery: z.number().int().positive().default(1000),
        checkpointInterval: duration.default(60_000),
        keyFile: z.string().default('.parapet/audit-signing.pem'),
      })
      .strict()
      .default({
        durability: 'strict',
        checkpointEvery: 1000,
        checkpointInterval: 60_000,
        keyFile: '.parapet/audit-signing.pem',
      }),
    identity: z
      .object({
        apiKeys: z.boolean().default(true),
        jwt: jwt.optional(),
        mtls: z.array(mtlsIdentity).optional(),
        responseKeys: z
          .record(z.string(), z.string())
          .default({})
          .describe('identity id → public JWK file, for encrypted responses'),
      })
      .strict()
      .default({ apiKeys: true, responseKeys: {} }),
    policy: z
      .object({ files: z.array(z.string()).default([]) })
      .strict()
      .default({ files: [] }),
    limits: z
      .object({
        identity: limitRule.optional(),
        model: limitRule.optional(),
        models: z.record(z.string(), limitRule).optional(),
        identities: z.record(z.string(), limitRule).optional(),
      })
      .strict()
      .default({}),
    guards: guardRef.default({}).describe('Guards for every model unless a model overrides them'),
    guardBudget: duration.default(50).describe('Time budget for all guards of one stage'),
    models: z.array(model).default([]),
    monitor: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Streaming detectors, alerts and response actions (validated by the monitor: docs/monitor.md)',
      ),
    registry: z
      .object({
        dir: z.string().default('.parapet/registry').describe('Content-addressed blob directory'),
        trust: z.string().optional().describe('Trust policy file: who may sign which artifacts'),
        gates: z
          .record(
            z.string().min(1).max(128),
            z
              .array(
                z.enum(['signed', 'scan_clean', 'risk_approved', 'assurance_passing', 'provenance_signed']),
              )
              .max(5),
          )
          .default({})
          .describe(
            'Promotion gates per alias (`*`: every other alias), e.g. production: [signed, scan_clean]',
          ),
        scanBelow: z
          .enum(['critical', 'high', 'medium', 'low', 'info'])
          .default('medium')
          .describe('scan_clean: every finding must be below this severity'),
        riskMax: z
          .enum(['low', 'medium', 'high', 'critical'])
          .default('high')
          .describe('risk_approved: the highest approved risk that may be promoted'),
        fourEyes: z
          .boolean()
          .default(false)
          .describe('risk_approved: the approver may be neither who pushed the version nor who promotes it'),
        encryption: z
          .object({
            keyFile: z.string().optional().describe('File holding the 256-bit key (raw, hex or base64)'),
            keyEnv: z.string().optional().describe('Environment variable holding the key (hex or base64)'),
            previousKeyFiles: z
              .array(z.string())
              .default([])
              .describe('Keys blobs may still be sealed with (during and after registry rekey)'),
          })
          .strict()
          .refine((e) => Boolean(e.keyFile) !== Boolean(e.keyEnv), {
            message: 'expected exactly one of keyFile or keyEnv',
          })
          .optional()
          .describe('Seal blobs at rest with AES-256-GCM'),
        watch: z
          .object({
            disableRoutes: z
              .boolean()
              .default(false)
              .describe(
                'registry watch disables every model pinned to the watched NAME@alias when its files change',
              ),
          })
          .strict()
          .optional()
          .describe('registry watch settings'),
      })
      .strict()
      .default({
        dir: '.parapet/registry',
        gates: {},
        scanBelow: 'medium',
        riskMax: 'high',
        fourEyes: false,
      }),
    metrics: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .default({ level: 'info' }),
    demo: z
      .object({ port: z.number().int().min(0).max(65535).default(8790) })
      .strict()
      .optional()
      .describe('Start the built-in demo upstream on loopback'),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.models.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `duplicate model ${m.name}` });
      seen.add(m.name);
    });
  });

export type Config = z.output<typeof configSchema>;
export type ModelConfig = Config['models'][number];
export type UpstreamConfig = ModelConfig['upstream'];
export type LimitRuleConfig = z.output<typeof limitRule>;
export type JwtConfig = z.output<typeof jwt>;
export type MtlsIdentityConfig = z.output<typeof mtlsIdentity>;
