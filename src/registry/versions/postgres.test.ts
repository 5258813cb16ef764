import { after, before } from 'node:test';
import { openStore } from '../../store/index.ts';
import { createTestDatabase } from '../../store/lib/pg-test-db.ts';
import { runVersionSuite } from './suite.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

runVersionSuite('postgres', () => openStore({ kind: 'postgres', url: db.url }));
