// Tables of the incidents part. Append steps; never edit applied ones.

import type { MigrationStep } from '../../store/index.ts';

export const MIGRATIONS: readonly MigrationStep[] = [
  `CREATE TABLE monitor_alerts (
     id TEXT PRIMARY KEY, at BIGINT NOT NULL, detector TEXT NOT NULL, severity TEXT NOT NULL,
     summary TEXT NOT NULL, key TEXT NOT NULL, identities TEXT NOT NULL, models TEXT NOT NULL,
     sources TEXT NOT NULL, request_ids TEXT NOT NULL, evidence TEXT NOT NULL, count INTEGER NOT NULL,
     incident_id TEXT)`,
  'CREATE INDEX monitor_alerts_at ON monitor_alerts (at)',
  `CREATE TABLE incidents (
     id TEXT PRIMARY KEY, title TEXT NOT NULL, playbook TEXT NOT NULL, severity TEXT NOT NULL,
     status TEXT NOT NULL, owner TEXT, group_key TEXT NOT NULL, opened_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL)`,
  'CREATE INDEX incidents_group ON incidents (group_key, status)',
  `CREATE TABLE incident_timeline (
     id TEXT PRIMARY KEY, incident_id TEXT NOT NULL, at BIGINT NOT NULL, seq BIGINT NOT NULL, kind TEXT NOT NULL,
     actor TEXT NOT NULL, body TEXT NOT NULL)`,
  'CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, seq)',
  `CREATE TABLE response_actions (
     id TEXT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
     target_kind TEXT NOT NULL, target TEXT NOT NULL, params TEXT NOT NULL, reason TEXT NOT NULL,
     incident_id TEXT, outcome TEXT NOT NULL)`,
  'CREATE INDEX response_actions_at ON response_actions (at)',
];
