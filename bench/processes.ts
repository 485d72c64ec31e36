// Starting and measuring the two servers under test: Keyfront (the compiled build, as deployed)
// and the Fastify reference (bundled to plain JS first, so neither pays a TypeScript loader).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Running {
  name: string;
  child: ChildProcess;
  url: string;
  /** Process spawn to its first answered HTTP request, in ms. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc, 100 ticks/s). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function referenceScript(): string {
  const out = `${ROOT}bench/results/.build/reference-server.mjs`;
  mkdirSync(`${ROOT}bench/results/.build`, { recursive: true });
  buildSync({ entryPoints: [`${ROOT}bench/reference-server.ts`], outfile: out, format: 'esm', platform: 'node', packages: 'external', logLevel: 'error' });
  return out;
}

async function start(name: string, args: string[], env: NodeJS.ProcessEnv, probePath: string): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${stderr}`));
    });
  });
  // The first answered request ends the start-up (the listening line comes just before it).
  await (await fetch(url + probePath)).arrayBuffer();
  const startupMs = performance.now() - started;
  return {
    name,
    child,
    url,
    startupMs,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function startReference(): Promise<Running> {
  return start('reference', [referenceScript()], { ...process.env, NODE_ENV: 'production' }, '/');
}

export function startKeyfront(databaseUrl: string, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<Running> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', NODE_ENV: 'production' };
  return start('keyfront', [...nodeArgs, 'bin/keyfront', 'serve', '--host=127.0.0.1', '--port=0', ...extraArgs], env, '/rest/V1/customers/me');
}

/** Runs bin/keyfront <args> against the database; rejects on a non-zero exit. */
export function cli(databaseUrl: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/keyfront', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`keyfront ${args[0]} failed: ${out}`))));
  });
}
