import { openStore } from '../store/index.ts';
import { createTestDatabase } from '../store/lib/pg-test-db.ts';
import { runIncidentSuite } from './suite.ts';

runIncidentSuite('postgres', async () => {
  const db = await createTestDatabase();
  const store = await openStore({ kind: 'postgres', url: db.url });
  return {
    store,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
});
