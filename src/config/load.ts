// Reads a parapet.yaml: YAML → environment references → schema validation → paths resolved against
// the file's folder. Every error names the file, the line, the path inside it and what was expected.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Config, configSchema } from './schema.ts';

export type LoadResult = { ok: true; config: Config; file: string } | { ok: false; errors: string[] };

/** Loads and validates a config file. Never throws for bad input: errors come back as values. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      errors: [`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`],
    };
  }
  return parseConfig(text, file, env);
}

/** Validates config text; `file` is used for messages and for resolving relative paths. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return `${file}:${at.line}:${at.col}: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  const raw = doc.toJS() ?? {};
  const lineOf = (path: readonly PropertyKey[]): string => {
    let node: unknown = doc.contents;
    for (const key of path) {
      if (isMap(node)) node = node.get(key as string, true);
      else if (isSeq(node)) node = node.get(key as number, true);
      else break;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? `:${lines.linePos(range[0]).line}` : '';
  };

  const envErrors: string[] = [];
  const substituted = substituteEnv(raw, [], env, (path, name) =>
    envErrors.push(`${file}${lineOf(path)}: ${formatPath(path)}: environment variable ${name} is not set`),
  );
  if (envErrors.length > 0) return { ok: false, errors: envErrors };

  const parsed = configSchema.safeParse(substituted);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(
        (issue) => `${file}${lineOf(issue.path)}: ${formatPath(issue.path)}: ${describeIssue(issue)}`,
      ),
    };
  }
  return { ok: true, config: resolvePaths(parsed.data, dirname(resolve(file))), file };
}

/** `models[2].upstream.url` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message;
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function substituteEnv(
  value: unknown,
  path: PropertyKey[],
  env: NodeJS.ProcessEnv,
  missing: (path: PropertyKey[], name: string) => void,
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      missing(path, name);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, [...path, i], env, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, [...path, k], env, missing)]),
    );
  }
  return value;
}

function resolvePaths(cfg: Config, base: string): Config {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...cfg,
    listen: cfg.listen.tls
      ? {
          ...cfg.listen,
          tls: {
            ...cfg.listen.tls,
            cert: abs(cfg.listen.tls.cert),
            key: abs(cfg.listen.tls.key),
            clientCa: cfg.listen.tls.clientCa ? abs(cfg.listen.tls.clientCa) : undefined,
          },
        }
      : cfg.listen,
    store: cfg.store.kind === 'sqlite' ? { ...cfg.store, path: abs(cfg.store.path) } : cfg.store,
    audit: { ...cfg.audit, keyFile: abs(cfg.audit.keyFile) },
    identity: {
      ...cfg.identity,
      jwt: cfg.identity.jwt?.jwksFile
        ? { ...cfg.identity.jwt, jwksFile: abs(cfg.identity.jwt.jwksFile) }
        : cfg.identity.jwt,
      responseKeys: Object.fromEntries(
        Object.entries(cfg.identity.responseKeys).map(([k, v]) => [k, abs(v)]),
      ),
    },
    policy: { files: cfg.policy.files.map(abs) },
    registry: {
      ...cfg.registry,
      dir: abs(cfg.registry.dir),
      ...(cfg.registry.trust ? { trust: abs(cfg.registry.trust) } : {}),
      ...(cfg.registry.encryption
        ? {
            encryption: {
              ...cfg.registry.encryption,
              ...(cfg.registry.encryption.keyFile ? { keyFile: abs(cfg.registry.encryption.keyFile) } : {}),
              previousKeyFiles: cfg.registry.encryption.previousKeyFiles.map(abs),
            },
          }
        : {}),
    },
    models: cfg.models.map((m) =>
      m.upstream.caBundle ? { ...m, upstream: { ...m.upstream, caBundle: abs(m.upstream.caBundle) } } : m,
    ),
  };
}
