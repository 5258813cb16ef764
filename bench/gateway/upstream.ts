// Starts the demo upstream on a given port for the gateway benchmark (a separate process, as a real
// model server would be).
import { startDemoUpstream } from '../../src/demo/upstream.ts';

const port = Number(process.argv[2] ?? 0);
const up = await startDemoUpstream({
  port,
  reply: 'The quarterly report shows revenue up 4% and costs flat.',
});
process.stdout.write(`${up.url}\n`);
process.on('SIGTERM', () => void up.close().then(() => process.exit(0)));
