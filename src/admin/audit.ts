// /admin/audit: query the tamper-evident log and verify it, for analysts, auditors and SIEM pulls.

import { type AuditQuery, queryAudit, toOcsf, verifyAuditLog } from '../audit/index.ts';
import { deny } from '../errors/index.ts';
import type { Store } from '../store/index.ts';
import { type AdminRoute, json } from './index.ts';

export function auditRoutes(store: Store): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/audit',
      action: 'audit:read',
      resource: 'Audit',
      async handle({ query }) {
        const q: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = {};
        for (const key of ['identity', 'model', 'node'] as const) {
          const v = query.get(key);
          if (v) q[key] = v;
        }
        const decision = query.get('decision');
        if (decision) {
          if (decision !== 'allow' && decision !== 'deny')
            return deny('admin.invalid', 'decision: expected allow or deny');
          q.decision = decision;
        }
        for (const key of ['since', 'until'] as const) {
          const v = query.get(key);
          if (!v) continue;
          const d = new Date(v);
          if (Number.isNaN(d.getTime())) return deny('admin.invalid', `${key}: expected an ISO-8601 time`);
          q[key] = d;
        }
        const limit = query.get('limit');
        if (limit) {
          const n = Number(limit);
          if (!Number.isInteger(n) || n < 1 || n > 10_000)
            return deny('admin.invalid', 'limit: expected 1..10000');
          q.limit = n;
        }
        const events = await queryAudit(store, q);
        const ocsf = query.get('format') === 'ocsf';
        return json(200, { data: events.map((e) => (ocsf ? toOcsf(e.event) : e)) });
      },
    },
    {
      method: 'GET',
      path: '/audit/verify',
      action: 'audit:read',
      resource: 'Audit',
      async handle() {
        return json(200, await verifyAuditLog(store));
      },
    },
  ];
}
