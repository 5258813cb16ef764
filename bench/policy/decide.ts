// Authorisation cost: µs per decision for a cold cache (every principal new) and a warm one (one
// caller repeating), with the shipped templates.  node bench/policy/decide.ts [--n 2000]
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { createAuthorizer } from '../../src/policy/index.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '2000' } } });
const n = Number(values.n);
const a = await createAuthorizer();
if (!a.ok) throw new Error(a.denial.message);
const resource = { type: 'Model', id: 'm1', attrs: { name: 'm1', risk_tier: 'low', tags: [] } };
const ask = (id: string) =>
  a.value.authorize({ principal: { id, kind: 'api_key', roles: ['app'], models: ['m1'] }, action: 'invoke', resource, context: { source: '10.0.0.1' } });

function time(label: string, fn: (i: number) => void) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    samples.push((performance.now() - t) * 1000);
  }
  samples.sort((x, y) => x - y);
  const q = (p: number) => samples[Math.floor(p * (samples.length - 1))]!.toFixed(1);
  process.stdout.write(`${label.padEnd(34)} p50 ${q(0.5).padStart(7)} µs   p99 ${q(0.99).padStart(7)} µs\n`);
}

process.stdout.write(`machine: ${cpus()[0]?.model} × ${cpus().length}, node ${process.version}, ${new Date().toISOString()}, n=${n}\n`);
for (let i = 0; i < 200; i++) ask(`warm-up-${i}`);
time('cold (new principal every call)', (i) => ask(`cold-${i}`));
time('warm (same caller, cached)', () => ask('steady'));
