import { after, before } from 'node:test';
import { openStore } from './index.ts';
import { createTestDatabase } from './lib/pg-test-db.ts';
import { runStoreSuite } from './suite.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.drop();
});

runStoreSuite('postgres', () => openStore({ kind: 'postgres', url: db.url }));
