// Test support: the real `parapet` command as a child process, as an operator would run it.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/parapet.js`;
const run = promisify(execFile);

export interface ParapetProcess {
  readonly url: string;
  readonly child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `parapet serve --config FILE` and resolves once it logs the address it listens on. */
export function serve(config: string, env: NodeJS.ProcessEnv = {}): Promise<ParapetProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--config', config], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parapet did not start in 20 s: ${stderr}`));
    }, 20_000);
    child.once('exit', (code) => reject(new Error(`parapet exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let rec: { msg?: string; url?: string };
      try {
        rec = JSON.parse(line);
      } catch {
        return;
      }
      if (rec.msg === 'listening' && rec.url) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          url: rec.url,
          child,
          kill: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill(signal);
            }),
        });
      }
    });
  });
}

/** Runs `parapet ARGS…` to completion; never throws for a non-zero exit. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Creates an API key through the CLI and returns it. */
export async function createKeyCli(config: string, models = '*', role = 'app'): Promise<string> {
  const r = await cli([
    'keys',
    'create',
    '--config',
    config,
    '--name',
    'e2e',
    '--role',
    role,
    '--models',
    models,
  ]);
  const key = /(pk_[A-Za-z0-9_-]+)/.exec(r.stdout)?.[1];
  if (!key) throw new Error(`keys create printed no key (exit ${r.code}): ${r.stdout}${r.stderr}`);
  return key;
}
