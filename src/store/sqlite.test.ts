import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStore } from './index.ts';
import { runStoreSuite } from './suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runStoreSuite('sqlite (worker-thread writer)', () =>
  openStore({ kind: 'sqlite', path: join(dir, 'worker.db') }),
);
runStoreSuite('sqlite (inline writer)', () =>
  openStore({ kind: 'sqlite', path: join(dir, 'inline.db'), writer: 'inline' }),
);
