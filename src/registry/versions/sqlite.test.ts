import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStore } from '../../store/index.ts';
import { runVersionSuite } from './suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-registry-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runVersionSuite('sqlite', () => openStore({ kind: 'sqlite', path: join(dir, 'registry.db') }));
