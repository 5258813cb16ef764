// The registry's tables, applied through the store's migration facility. Versions are immutable:
// besides the code never updating them, a trigger in each database refuses UPDATE and DELETE.

import type { MigrationStep } from '../../store/index.ts';

export const REGISTRY_MIGRATIONS: readonly MigrationStep[] = [
  `CREATE TABLE registry_artifacts (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  `CREATE TABLE registry_versions (
    name TEXT NOT NULL REFERENCES registry_artifacts (name),
    version INTEGER NOT NULL,
    root_digest TEXT NOT NULL,
    statement TEXT NOT NULL,
    bundle TEXT,
    files INTEGER NOT NULL,
    bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (name, version),
    UNIQUE (name, root_digest)
  )`,
  `CREATE TABLE registry_aliases (
    name TEXT NOT NULL,
    alias TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES registry_versions (name, version)
  )`,
  {
    sqlite: `CREATE TABLE registry_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      at BIGINT NOT NULL,
      action TEXT NOT NULL,
      alias TEXT,
      version INTEGER,
      from_version INTEGER,
      actor TEXT NOT NULL
    )`,
    postgres: `CREATE TABLE registry_events (
      id BIGSERIAL PRIMARY KEY,
      name TEXT NOT NULL,
      at BIGINT NOT NULL,
      action TEXT NOT NULL,
      alias TEXT,
      version INTEGER,
      from_version INTEGER,
      actor TEXT NOT NULL
    )`,
  },
  'CREATE INDEX registry_events_by_name ON registry_events (name, id)',
  {
    sqlite: `CREATE TRIGGER registry_versions_no_update BEFORE UPDATE ON registry_versions
      BEGIN SELECT RAISE(ABORT, 'registry versions are immutable'); END`,
    postgres: `CREATE FUNCTION registry_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'registry versions are immutable'; END $$`,
  },
  {
    sqlite: `CREATE TRIGGER registry_versions_no_delete BEFORE DELETE ON registry_versions
      BEGIN SELECT RAISE(ABORT, 'registry versions are immutable'); END`,
    postgres: `CREATE TRIGGER registry_versions_immutable BEFORE UPDATE OR DELETE ON registry_versions
      FOR EACH ROW EXECUTE FUNCTION registry_versions_immutable()`,
  },
  // The model-file scan summary recorded at push ({worst, findings, rules}); promotion gates read it.
  'ALTER TABLE registry_versions ADD COLUMN scan TEXT',
  // What a version says about itself (owner, purpose, datasets, code, licence …) and its SLSA provenance.
  'ALTER TABLE registry_versions ADD COLUMN metadata TEXT',
  'ALTER TABLE registry_versions ADD COLUMN provenance TEXT',
  // Lineage: which dataset versions a version was trained on, queryable both ways.
  `CREATE TABLE registry_lineage (
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    dataset TEXT NOT NULL,
    dataset_version INTEGER NOT NULL,
    PRIMARY KEY (name, version, dataset, dataset_version),
    FOREIGN KEY (name, version) REFERENCES registry_versions (name, version),
    FOREIGN KEY (dataset, dataset_version) REFERENCES registry_versions (name, version)
  )`,
  'CREATE INDEX registry_lineage_by_dataset ON registry_lineage (dataset, dataset_version)',
  // Risk assessments of a version; the risk_approved promotion gate reads the newest one.
  {
    sqlite: `CREATE TABLE registry_assessments (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      risk TEXT NOT NULL,
      summary TEXT NOT NULL,
      assessor TEXT NOT NULL,
      approved INTEGER NOT NULL,
      at BIGINT NOT NULL,
      FOREIGN KEY (name, version) REFERENCES registry_versions (name, version)
    )`,
    postgres: `CREATE TABLE registry_assessments (
      id BIGSERIAL PRIMARY KEY,
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      risk TEXT NOT NULL,
      summary TEXT NOT NULL,
      assessor TEXT NOT NULL,
      approved INTEGER NOT NULL,
      at BIGINT NOT NULL,
      FOREIGN KEY (name, version) REFERENCES registry_versions (name, version)
    )`,
  },
  // Why a promotion was blocked (the failed gates), or what a promotion passed.
  'ALTER TABLE registry_events ADD COLUMN detail TEXT',
  // Who promoted, who was blocked, who approved the risk, what a model was trained on: the record of
  // the registry is append-only in the database itself, like the versions (one step per dialect).
  {
    sqlite: `
    CREATE TRIGGER registry_events_no_update BEFORE UPDATE ON registry_events
      BEGIN SELECT RAISE(ABORT, 'registry_events is append-only'); END;
    CREATE TRIGGER registry_events_no_delete BEFORE DELETE ON registry_events
      BEGIN SELECT RAISE(ABORT, 'registry_events is append-only'); END;
    CREATE TRIGGER registry_assessments_no_update BEFORE UPDATE ON registry_assessments
      BEGIN SELECT RAISE(ABORT, 'registry_assessments is append-only'); END;
    CREATE TRIGGER registry_assessments_no_delete BEFORE DELETE ON registry_assessments
      BEGIN SELECT RAISE(ABORT, 'registry_assessments is append-only'); END;
    CREATE TRIGGER registry_lineage_no_update BEFORE UPDATE ON registry_lineage
      BEGIN SELECT RAISE(ABORT, 'registry_lineage is append-only'); END;
    CREATE TRIGGER registry_lineage_no_delete BEFORE DELETE ON registry_lineage
      BEGIN SELECT RAISE(ABORT, 'registry_lineage is append-only'); END;`,
    postgres: `CREATE FUNCTION registry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
    CREATE TRIGGER registry_events_append_only BEFORE UPDATE OR DELETE ON registry_events
      FOR EACH ROW EXECUTE FUNCTION registry_append_only();
    CREATE TRIGGER registry_assessments_append_only BEFORE UPDATE OR DELETE ON registry_assessments
      FOR EACH ROW EXECUTE FUNCTION registry_append_only();
    CREATE TRIGGER registry_lineage_append_only BEFORE UPDATE OR DELETE ON registry_lineage
      FOR EACH ROW EXECUTE FUNCTION registry_append_only();`,
  },
];
