// buildManifest: the OMS v1.0 in-toto statement for a hashed model — resources in code-point order,
// the serialization record, and the subject's root digest (SHA-256 over the concatenated raw
// resource digests, OMS §6.5.1).

import { createHash } from 'node:crypto';
import type { HashedTree } from './hash.ts';
import { compareCodePoints } from './lib/paths.ts';
import { PREDICATE_TYPE, type Resource, STATEMENT_TYPE, type Statement } from './schema.ts';

/** SHA-256 hex over the raw bytes of each resource digest, in the order given. */
export function rootDigest(resources: readonly Resource[]): string {
  const h = createHash('sha256');
  for (const r of resources) h.update(Buffer.from(r.digest, 'hex'));
  return h.digest('hex');
}

export type ManifestResult = { ok: true; statement: Statement } | { ok: false; error: string };

/**
 * Builds the statement to sign. Fails (as a value) when the tree refused paths (symlinks, special
 * files, non-UTF-8 names), could not read a file, or has no file to sign.
 */
export function buildManifest(tree: HashedTree, opts: { readonly name?: string } = {}): ManifestResult {
  if (tree.refused.length > 0) {
    const r = tree.refused[0]!;
    return {
      ok: false,
      error: `refusing ${r.path}: ${r.reason.replace('_', ' ')} (${tree.refused.length} refused)`,
    };
  }
  if (tree.unreadable.length > 0) {
    const u = tree.unreadable[0]!;
    return { ok: false, error: `could not read ${u.name}: ${u.error}` };
  }
  if (tree.resources.length === 0) return { ok: false, error: 'the model has no file to sign' };
  const resources = [...tree.resources].sort((a, b) => compareCodePoints(a.name, b.name));
  return {
    ok: true,
    statement: {
      _type: STATEMENT_TYPE,
      subject: [{ name: opts.name ?? tree.name, digest: { sha256: rootDigest(resources) } }],
      predicateType: PREDICATE_TYPE,
      predicate: { resources, serialization: tree.serialization },
    },
  };
}
