import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index.ts';
import { runIncidentSuite } from './suite.ts';

runIncidentSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-incidents-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'p.db') });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
