// Open-loop load at a fixed request rate (the schedule does not wait for answers, unlike wrk's closed
// loop), for latency below saturation: how much Parapet adds when neither side is queueing. Prints one
// JSON line: {"rate","n","p50","p90","p99","errors"} in milliseconds, measured from each send.
//
//   node bench/gateway/rate.ts URL KEY|"" RATE SECONDS

import { Pool } from 'undici';

const [url, key, rateArg, secondsArg] = process.argv.slice(2);
if (!url || key === undefined || !rateArg || !secondsArg) {
  process.stderr.write('usage: node bench/gateway/rate.ts URL KEY|"" RATE SECONDS\n');
  process.exit(2);
}
const rate = Number(rateArg);
const n = Math.round(rate * Number(secondsArg));
const target = new URL(url);
const pool = new Pool(target.origin, { connections: 64 });
const prompt = 'Summarise the quarterly report for the board in plain words. '.repeat(16);
const body = JSON.stringify({
  model: 'demo-chat',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: prompt },
  ],
});
const headers = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
const latencies: number[] = [];
let errors = 0;
const calls: Promise<void>[] = [];
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const wait = t0 + (i * 1000) / rate - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  calls.push(
    (async () => {
      const sent = performance.now();
      try {
        const r = await pool.request({ path: target.pathname, method: 'POST', headers, body });
        await r.body.text();
        if (r.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - sent);
    })(),
  );
}
await Promise.all(calls);
await pool.close();
latencies.sort((a, b) => a - b);
const q = (p: number) =>
  Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(3));
process.stdout.write(`${JSON.stringify({ rate, n, p50: q(0.5), p90: q(0.9), p99: q(0.99), errors })}\n`);
