// Reference point for the gateway benchmark: the least a Node.js proxy can do — node:http in, undici
// out, no identity, policy, limits, guards or audit. Parapet's figures are read against this floor.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]!];
const pool = new Pool(upstream, { connections: 64 });
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const r = await pool.request({
    path: req.url ?? '/',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: Buffer.concat(chunks),
  });
  const text = await r.body.text();
  res.writeHead(r.statusCode, { 'content-type': 'application/json' });
  res.end(text);
}).listen(port, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${port}\n`));
