// The monitor's durable records in the shared store (SQLite or PostgreSQL): alerts, incidents with
// their timelines, and every response action with who did what, when and to what.

import { randomUUID } from 'node:crypto';
import type { Store } from '../store/index.ts';
import type { Alert } from '../monitor/types.ts';
import { MIGRATIONS } from './lib/schema.ts';
import type { ActionRecord, Incident, IncidentStatus, TimelineEntry } from './types.ts';

const j = (v: unknown) => JSON.stringify(v);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const parse = <T>(s: unknown, fallback: T): T => {
  try {
    return typeof s === 'string' ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
};

export interface AlertFilter {
  readonly since?: number;
  readonly severity?: string;
  readonly detector?: string;
  readonly identity?: string;
  readonly limit: number;
}

type Row = Record<string, unknown>;

// Timeline order: wall-clock microseconds, strictly increasing within this process.
let lastSeq = 0;
const nextSeq = () => (lastSeq = Math.max(lastSeq + 1, Date.now() * 1000));

const toAlert = (r: Row): Alert & { incidentId?: string } => ({
  id: String(r.id),
  at: Number(r.at),
  detector: String(r.detector),
  severity: r.severity as Alert['severity'],
  summary: String(r.summary),
  key: String(r.key),
  identities: parse<string[]>(r.identities, []),
  models: parse<string[]>(r.models, []),
  sources: parse<string[]>(r.sources, []),
  requestIds: parse<string[]>(r.request_ids, []),
  evidence: parse<Alert['evidence']>(r.evidence, {}),
  count: Number(r.count),
  ...(r.incident_id ? { incidentId: String(r.incident_id) } : {}),
});

const toIncident = (r: Row): Incident => ({
  id: String(r.id),
  title: String(r.title),
  playbook: String(r.playbook),
  severity: r.severity as Incident['severity'],
  status: r.status as IncidentStatus,
  owner: r.owner === null || r.owner === undefined ? undefined : String(r.owner),
  groupKey: String(r.group_key),
  openedAt: Number(r.opened_at),
  updatedAt: Number(r.updated_at),
});

/** The records API over a store. Call `migrate()` once before use. */
export function incidentStore(store: Store) {
  const sql = store.sql;
  return {
    migrate: () => sql.migrate('incidents', MIGRATIONS),

    async recordAlert(a: Alert, incidentId?: string): Promise<void> {
      await sql.execute(
        `INSERT INTO monitor_alerts (id, at, detector, severity, summary, key, identities, models, sources, request_ids, evidence, count, incident_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
        [
          a.id,
          a.at,
          a.detector,
          a.severity,
          a.summary,
          a.key,
          j(a.identities),
          j(a.models),
          j(a.sources ?? []),
          j(a.requestIds),
          j(a.evidence),
          a.count,
          incidentId ?? null,
        ],
      );
    },

    async listAlerts(f: AlertFilter) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (f.since !== undefined) where.push(`at >= $${params.push(f.since)}`);
      if (f.severity) where.push(`severity = $${params.push(f.severity)}`);
      if (f.detector) where.push(`detector = $${params.push(f.detector)}`);
      // The identities column is a JSON array: match the quoted id, with LIKE's own wildcards escaped so an
      // id containing % or _ matches only itself.
      if (f.identity)
        where.push(`identities LIKE $${params.push(`%${likeEscape(j(f.identity))}%`)} ESCAPE '\\'`);
      const rows = await sql.query(
        `SELECT * FROM monitor_alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id LIMIT $${params.push(f.limit)}`,
        params,
      );
      return rows.map(toAlert);
    },

    async getAlert(id: string) {
      const rows = await sql.query('SELECT * FROM monitor_alerts WHERE id = $1', [id]);
      return rows[0] ? toAlert(rows[0]) : undefined;
    },

    /** The open (not resolved) incident for a group key, if any. */
    async openIncidentFor(groupKey: string): Promise<Incident | undefined> {
      const rows = await sql.query(
        `SELECT * FROM incidents WHERE group_key = $1 AND status <> 'resolved' ORDER BY opened_at DESC LIMIT 1`,
        [groupKey],
      );
      return rows[0] ? toIncident(rows[0]) : undefined;
    },

    async createIncident(
      i: Omit<Incident, 'id' | 'updatedAt' | 'status'> & { status?: IncidentStatus },
    ): Promise<Incident> {
      const inc: Incident = {
        ...i,
        id: `inc_${randomUUID().slice(0, 12)}`,
        status: i.status ?? 'open',
        updatedAt: i.openedAt,
      };
      await sql.execute(
        `INSERT INTO incidents (id, title, playbook, severity, status, owner, group_key, opened_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [
          inc.id,
          inc.title,
          inc.playbook,
          inc.severity,
          inc.status,
          inc.owner ?? null,
          inc.groupKey,
          inc.openedAt,
          inc.updatedAt,
        ],
      );
      return inc;
    },

    async getIncident(id: string): Promise<Incident | undefined> {
      const rows = await sql.query('SELECT * FROM incidents WHERE id = $1', [id]);
      return rows[0] ? toIncident(rows[0]) : undefined;
    },

    async listIncidents(f: { status?: IncidentStatus; limit: number }): Promise<Incident[]> {
      const rows = f.status
        ? await sql.query('SELECT * FROM incidents WHERE status = $1 ORDER BY opened_at DESC, id LIMIT $2', [
            f.status,
            f.limit,
          ])
        : await sql.query('SELECT * FROM incidents ORDER BY opened_at DESC, id LIMIT $1', [f.limit]);
      return rows.map(toIncident);
    },

    /** Sets status/owner only if the status is still `from` (optimistic: two responders cannot both move it). */
    async updateIncident(
      id: string,
      from: IncidentStatus,
      set: { status: IncidentStatus; owner?: string; at: number },
    ): Promise<boolean> {
      const n = await sql.execute(
        `UPDATE incidents SET status = $1, owner = COALESCE($2, owner), updated_at = $3 WHERE id = $4 AND status = $5`,
        [set.status, set.owner ?? null, set.at, id, from],
      );
      return n === 1;
    },

    async addTimeline(e: Omit<TimelineEntry, 'id'>): Promise<void> {
      await sql.execute(
        `INSERT INTO incident_timeline (id, incident_id, at, seq, kind, actor, body) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [randomUUID(), e.incidentId, e.at, nextSeq(), e.kind, e.actor, j(e.body)],
      );
    },

    async timeline(incidentId: string): Promise<TimelineEntry[]> {
      const rows = await sql.query(
        'SELECT * FROM incident_timeline WHERE incident_id = $1 ORDER BY seq, id',
        [incidentId],
      );
      return rows.map((r) => ({
        id: String(r.id),
        incidentId: String(r.incident_id),
        at: Number(r.at),
        kind: r.kind as TimelineEntry['kind'],
        actor: String(r.actor),
        body: parse<Record<string, unknown>>(r.body, {}),
      }));
    },

    async recordAction(a: Omit<ActionRecord, 'id'>): Promise<ActionRecord> {
      const rec = { ...a, id: `act_${randomUUID().slice(0, 12)}` };
      await sql.execute(
        `INSERT INTO response_actions (id, at, actor, action, target_kind, target, params, reason, incident_id, outcome) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [
          rec.id,
          rec.at,
          rec.actor,
          rec.action,
          rec.targetKind,
          rec.target,
          j(rec.params),
          rec.reason,
          rec.incidentId ?? null,
          rec.outcome,
        ],
      );
      return rec;
    },

    async listActions(f: { incidentId?: string; limit: number }): Promise<ActionRecord[]> {
      const rows = f.incidentId
        ? await sql.query(
            'SELECT * FROM response_actions WHERE incident_id = $1 ORDER BY at DESC, id LIMIT $2',
            [f.incidentId, f.limit],
          )
        : await sql.query('SELECT * FROM response_actions ORDER BY at DESC, id LIMIT $1', [f.limit]);
      return rows.map((r) => ({
        id: String(r.id),
        at: Number(r.at),
        actor: String(r.actor),
        action: String(r.action) as ActionRecord['action'],
        targetKind: String(r.target_kind),
        target: String(r.target),
        params: parse<Record<string, unknown>>(r.params, {}),
        reason: String(r.reason),
        ...(r.incident_id ? { incidentId: String(r.incident_id) } : {}),
        outcome: String(r.outcome),
      }));
    },
  };
}

export type IncidentStore = ReturnType<typeof incidentStore>;
