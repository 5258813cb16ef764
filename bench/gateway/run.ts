// Gateway benchmark: requests/s and p50/p99 latency at 64 connections with ~1 KB prompts, for the
// upstream called directly and through Parapet (API key + Cedar policy + limits + strict SQLite
// audit), in one run on one machine. Needs `wrk` (Debian package `wrk`); nginx optional.
//
//   node bench/gateway/run.ts [--duration 10] [--connections 64] [--upstream node|nginx|both]
//                             [--audit strict|async] [--guards] [--rate 1000]
//
// After the saturating wrk rows it measures latency below saturation: an open-loop client
// (bench/gateway/rate.ts) sends --rate requests/s for the duration, to the upstream and to Parapet.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    upstream: { type: 'string', default: 'both' },
    audit: { type: 'string', default: 'strict' },
    guards: { type: 'boolean', default: false },
    rate: { type: 'string', default: '1000' },
  },
});

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-'));
const children: ChildProcess[] = [];
const node = process.execPath;

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(url, { headers });
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: string;
  /** CPU time the measured process (all its threads) spent per answered request, in µs. */
  cpuUs?: number;
}

/** utime + stime of a process and all its threads, in clock ticks (Linux). */
function cpuTicks(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function wrk(url: string, key: string, seconds: number, pid?: number): WrkResult {
  const before = cpuTicks(pid);
  const out = execFileSync(
    'wrk',
    [
      '-t2',
      `-c${opt.connections}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      join(root, 'bench/gateway/post.lua'),
      url,
    ],
    { env: { ...process.env, PARAPET_KEY: key }, encoding: 'utf8' },
  );
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    if (!m) throw new Error(`wrk output has no ${label}% line:\n${out}`);
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]!]!;
  };
  const after = cpuTicks(pid);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  const sockErr = /Socket errors: (.*)/.exec(out)?.[1];
  return {
    rps,
    p50: ms('50'),
    p99: ms('99'),
    errors: [non2xx && `${non2xx} non-2xx`, sockErr].filter(Boolean).join('; '),
    ...(before !== undefined && after !== undefined && requests > 0
      ? { cpuUs: ((after - before) / TICK / requests) * 1e6 }
      : {}),
  };
}

async function nginxUpstream(port: number): Promise<string> {
  const body = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 0,
    model: 'demo-chat',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'The quarterly report shows revenue up 4% and costs flat.' },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 250, completion_tokens: 14, total_tokens: 264 },
  });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1; master_process off; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/nginx.err;
events { worker_connections 1024; }
http { access_log off; client_body_buffer_size 16k; keepalive_requests 1000000;
  server { listen 127.0.0.1:${port}; location / { default_type application/json; return 200 '${body}'; } } }`,
  );
  start('nginx', ['-c', conf, '-p', dir]);
  await waitFor(`http://127.0.0.1:${port}/v1/chat/completions`);
  return `http://127.0.0.1:${port}`;
}

/** nginx as a plain reverse proxy (keep-alive to the upstream): what a C proxy keeps on this machine. */
async function nginxProxy(port: number, upstream: string): Promise<ChildProcess> {
  const conf = join(dir, `proxy${port}.conf`);
  writeFileSync(
    conf,
    `worker_processes 1; master_process off; daemon off; pid ${dir}/proxy${port}.pid; error_log ${dir}/proxy.err;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 1000000; client_body_buffer_size 16k;
  upstream up { server ${new URL(upstream).host}; keepalive 64; }
  server { listen 127.0.0.1:${port};
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; } } }`,
  );
  const child = start('nginx', ['-c', conf, '-p', dir]);
  await waitFor(`http://127.0.0.1:${port}/v1/chat/completions`);
  return child;
}

async function nodeUpstream(port: number): Promise<string> {
  start(node, ['bench/gateway/upstream.ts', String(port)]);
  await waitFor(`http://127.0.0.1:${port}/v1/models`);
  return `http://127.0.0.1:${port}`;
}

async function parapet(
  upstream: string,
  port: number,
): Promise<{ url: string; key: string; proc: ChildProcess }> {
  const db = join(dir, `p${port}.db`);
  const config = join(dir, `p${port}.yaml`);
  writeFileSync(
    config,
    `listen: { port: ${port} }
log: { level: warn }
store: { kind: sqlite, path: ${db} }
audit: { durability: ${opt.audit}, keyFile: ${join(dir, 'audit.pem')} }
limits: { identity: { requests: { limit: 100000000, window: 1m }, concurrency: 1000, tokensPerMinute: 1000000000 } }
${opt.guards ? 'guards: { validation: {}, unicode: {}, injection: { action: flag }, pii: {}, secrets: {} }' : ''}
models:
  - name: demo-chat
    upstream: { kind: openai, url: "${upstream}/v1", connections: 64 }
`,
  );
  const created = execFileSync(
    node,
    [
      'bin/parapet.js',
      'keys',
      'create',
      '--config',
      config,
      '--name',
      'bench',
      '--role',
      'app',
      '--models',
      'demo-chat',
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const key = /(pk_[A-Za-z0-9_-]+)/.exec(created)?.[1];
  if (!key) throw new Error(`no key in: ${created}`);
  const proc = start(node, ['bin/parapet.js', 'serve', '--config', config]);
  await waitFor(`http://127.0.0.1:${port}/readyz`);
  return { url: `http://127.0.0.1:${port}`, key, proc };
}

const seconds = Number(opt.duration);
const hasNginx = (() => {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const cpu = cpus();
process.stdout.write(
  `machine: ${cpu[0]?.model} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}\n` +
    `load: wrk -t2 -c${opt.connections} -d${seconds}s, ~1 KB chat prompt; Parapet: API key + Cedar policy + limits + ${opt.audit} SQLite audit${opt.guards ? ' + default guards' : ''}\n\n`,
);
try {
  const kinds = opt.upstream === 'both' ? (hasNginx ? ['node', 'nginx'] : ['node']) : [opt.upstream!];
  let port = 18_000 + Math.floor(Math.random() * 1000);
  for (const kind of kinds) {
    const up = kind === 'nginx' ? await nginxUpstream(port++) : await nodeUpstream(port++);
    const upPid = children.at(-1)?.pid;
    const gw = await parapet(up, port++);
    wrk(`${up}/v1/chat/completions`, '', 2);
    wrk(`${gw.url}/v1/chat/completions`, gw.key, 2);
    const barePort = port++;
    const bareProc = start(node, ['bench/gateway/bare-proxy.ts', String(barePort), up]);
    await waitFor(`http://127.0.0.1:${barePort}/v1/models`);
    const nginxPort = port++;
    const nginxProc = hasNginx ? await nginxProxy(nginxPort, up) : undefined;
    const direct = wrk(`${up}/v1/chat/completions`, '', seconds, upPid);
    const proxied = nginxProc
      ? wrk(`http://127.0.0.1:${nginxPort}/v1/chat/completions`, '', seconds, nginxProc.pid)
      : undefined;
    const bare = wrk(`http://127.0.0.1:${barePort}/v1/chat/completions`, '', seconds, bareProc.pid);
    const via = wrk(`${gw.url}/v1/chat/completions`, gw.key, seconds, gw.proc.pid);
    const row = (name: string, r: WrkResult) =>
      `  ${name.padEnd(12)} ${r.rps.toFixed(0).padStart(8)} req/s ${`(${((r.rps / direct.rps) * 100).toFixed(1)}%)`.padStart(8)}   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms` +
      `${r.cpuUs !== undefined ? `   ${r.cpuUs.toFixed(0).padStart(4)} µs CPU/request` : ''}${r.errors ? `   (${r.errors})` : ''}\n`;
    process.stdout.write(
      `upstream: ${kind} (CPU/request: the upstream's own for "direct", the proxy's for the others)\n` +
        row('direct', direct) +
        (proxied ? row('nginx proxy', proxied) : '') +
        row('node proxy', bare) +
        row('parapet', via),
    );
    process.stdout.write(
      `  ratio      ${((via.rps / direct.rps) * 100).toFixed(1)}% of direct throughput (a bare Node proxy: ${((bare.rps / direct.rps) * 100).toFixed(1)}%${proxied ? `, nginx: ${((proxied.rps / direct.rps) * 100).toFixed(1)}%` : ''}); ` +
        `added latency p50 ${(via.p50 - direct.p50).toFixed(2)} ms, p99 ${(via.p99 - direct.p99).toFixed(2)} ms\n` +
        `  load       ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} (1/5/15-min load average after the runs)\n\n`,
    );
    const fixed = (url: string, key: string) => {
      const run = (secs: number) =>
        JSON.parse(
          execFileSync(node, ['bench/gateway/rate.ts', url, key, opt.rate!, String(secs)], {
            cwd: root,
            encoding: 'utf8',
          }),
        ) as { p50: number; p90: number; p99: number; errors: number };
      run(2); // warm-up
      return run(seconds);
    };
    const d = fixed(`${up}/v1/chat/completions`, '');
    const g = fixed(`${gw.url}/v1/chat/completions`, gw.key);
    const line = (name: string, r: typeof d) =>
      `  ${name.padEnd(12)} p50 ${r.p50.toFixed(2).padStart(6)} ms   p90 ${r.p90.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms${r.errors ? `   (${r.errors} errors)` : ''}\n`;
    process.stdout.write(
      `  at a fixed ${opt.rate} req/s (open loop, below saturation):\n${line('direct', d)}${line('parapet', g)}` +
        `  added      p50 ${(g.p50 - d.p50).toFixed(2)} ms, p90 ${(g.p90 - d.p90).toFixed(2)} ms, p99 ${(g.p99 - d.p99).toFixed(2)} ms\n\n`,
    );
    for (const c of children.splice(0)) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
  }
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
