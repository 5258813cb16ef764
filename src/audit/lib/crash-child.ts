// Crash-test child: records events in strict mode as fast as it can and prints `ack <requestId>`
// after each record() resolves, until it is killed. Arguments: <store spec> <key file> <run id>.

import { openStore } from '../../store/index.ts';
import { createAuditLog } from '../log.ts';
import { makeEvent } from './testing.ts';

const [spec, keyFile, run] = process.argv.slice(2) as [string, string, string];
const store = await openStore(
  spec.startsWith('postgres://') ? { kind: 'postgres', url: spec } : { kind: 'sqlite', path: spec },
);
const log = await createAuditLog({ store, node: 'crash', checkpoint: { every: 25, keyFile } });
let n = 0;
const worker = async (): Promise<never> => {
  for (;;) {
    const i = ++n;
    const event = { ...makeEvent('crash', i), requestId: `${run}-${i}` };
    await log.record(event);
    process.stdout.write(`ack ${event.requestId}\n`);
  }
};
await Promise.all(Array.from({ length: 16 }, worker));
