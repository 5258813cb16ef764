// Risk assessments of a version, approved or not, with who assessed; the risk_approved gate reads the
// newest one. Stored append-only, and each is also a registry event.

import type { Store } from '../../store/index.ts';
import { type Risk, RISKS } from './gates.ts';
import { migrateRegistry } from './push.ts';

type Raw = Record<string, unknown>;

/** Records a risk assessment of `name@version` (approved or not) by `actor`. */
export async function assessVersion(
  store: Store,
  opts: {
    readonly name: string;
    readonly version: number;
    readonly risk: Risk;
    readonly summary: string;
    readonly approved: boolean;
    readonly actor: string;
    readonly now?: () => number;
  },
): Promise<{ ok: true } | { ok: false; error: string }> {
  await migrateRegistry(store);
  if (!RISKS.includes(opts.risk)) return { ok: false, error: `risk must be one of ${RISKS.join(', ')}` };
  if (opts.summary.trim() === '' || opts.summary.length > 8192)
    return { ok: false, error: 'the assessment needs a summary (1-8192 characters)' };
  const v = await store.sql.query<Raw>(
    'SELECT 1 AS x FROM registry_versions WHERE name = $1 AND version = $2',
    [opts.name, opts.version],
  );
  if (!v[0]) return { ok: false, error: `${opts.name} has no version ${opts.version}` };
  const at = (opts.now ?? Date.now)();
  await store.sql.execute(
    'INSERT INTO registry_assessments (name, version, risk, summary, assessor, approved, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [opts.name, opts.version, opts.risk, opts.summary, opts.actor, opts.approved ? 1 : 0, at],
  );
  await store.sql.execute(
    'INSERT INTO registry_events (name, at, action, alias, version, from_version, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      opts.name,
      at,
      'assess',
      null,
      opts.version,
      null,
      opts.actor,
      JSON.stringify({ risk: opts.risk, approved: opts.approved }),
    ],
  );
  return { ok: true };
}
