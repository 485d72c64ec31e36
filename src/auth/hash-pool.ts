// Where argon2 runs. HashThreadPool: a few worker threads of our own, one job each at a time, at a
// lower OS priority than the event loop, so hashing takes every idle core but a read never waits
// behind a hash for a core. LIBUV_ARGON2: @node-rs/argon2's own async functions on libuv's shared
// thread pool (4 threads, normal priority), as before; KEYFRONT_HASH_THREADS=0.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { hash, hashRaw, verify, type Options } from '@node-rs/argon2';

/** The three argon2 operations Keyfront needs, wherever they run. */
export interface Argon2Engine {
  hash(password: string, options: Options): Promise<string>;
  /** Rejects on a malformed stored hash. */
  verify(stored: string, password: string): Promise<boolean>;
  hashRaw(password: string, options: Options): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const LIBUV_ARGON2: Argon2Engine = {
  hash: (password, options) => hash(password, options),
  verify: (stored, password) => verify(stored, password),
  hashRaw: async (password, options) => new Uint8Array(await hashRaw(password, options)),
  close: async () => {},
};

/** A message to a hashing thread (structured-cloned). */
export type HashJob = { id: number } & (
  | { op: 'hash'; password: string; options: Options }
  | { op: 'verify'; stored: string; password: string }
  | { op: 'hashRaw'; password: string; options: Options }
);
/** Its answer; id -1 is the thread's greeting with the nice value it now runs at (null: unchanged). */
export type HashReply = { id: number; value: string | boolean | Uint8Array | number | null } | { id: number; error: string };

interface Pending {
  job: HashJob;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** How much lower than the process the hashing threads run (nice +10: a tenth of a core's share against nice 0). */
export const HASH_THREAD_NICENESS = 10;

/**
 * A hashing thread's program (CommonJS, given to the Worker as source: the same text runs from
 * dist/ and under the tests' TypeScript loader, which worker threads do not inherit on Node 20).
 * It first raises its own thread's nice value by `niceness` (capped at 19): Linux only, where
 * setpriority() on a thread id changes that thread alone and /proc/thread-self names it; elsewhere,
 * or if refused, it keeps the process's priority. Its first message says which (id -1, the nice
 * value now, or null). Then it answers jobs (HashJob) with HashReply, one at a time.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readlinkSync } = require('node:fs');
const { getPriority, setPriority } = require('node:os');
const argon2 = require(workerData.argon2);
function lowerOwnPriority(by) {
  if (process.platform !== 'linux' || !(by > 0)) return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, Math.min(19, getPriority(tid) + by));
    return getPriority(tid);
  } catch {
    return null;
  }
}
function run(job) {
  switch (job.op) {
    case 'hash': return argon2.hashSync(job.password, job.options);
    case 'verify': return argon2.verifySync(job.stored, job.password);
    case 'hashRaw': return new Uint8Array(argon2.hashRawSync(job.password, job.options));
    default: throw new Error('unknown hashing job ' + job.op);
  }
}
parentPort.postMessage({ id: -1, value: lowerOwnPriority(workerData.niceness) });
parentPort.on('message', (job) => {
  let reply;
  try {
    reply = { id: job.id, value: run(job) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage(reply);
});
`;
const ARGON2_PATH = createRequire(import.meta.url).resolve('@node-rs/argon2');

/** One hashing thread and the job it runs. */
class HashThread {
  readonly worker: Worker;
  current: Pending | null = null;
  /** The nice value the thread reported (null: unchanged or not Linux); undefined until it has started. */
  nice: number | null | undefined = undefined;

  constructor(niceness: number, onReply: (thread: HashThread, reply: HashReply) => void, onGone: (thread: HashThread, error: Error) => void) {
    // No execArgv: the parent's loaders and profilers have nothing to do in a hashing thread.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { argon2: ARGON2_PATH, niceness } });
    // An idle thread never keeps the process alive (a CLI command ends when its work does); a
    // thread with a job does, until the answer is in.
    this.worker.unref();
    this.worker.on('message', (reply: HashReply) => onReply(this, reply));
    this.worker.on('error', (error) => onGone(this, error));
    this.worker.on('exit', (code) => onGone(this, new Error(`hashing thread exited (code ${code})`)));
  }

  start(pending: Pending): void {
    this.current = pending;
    this.worker.ref();
    this.worker.postMessage(pending.job);
  }

  finish(): Pending | null {
    const done = this.current;
    this.current = null;
    this.worker.unref();
    return done;
  }
}

/**
 * `size` hashing threads, started when first needed and kept. Jobs beyond the threads wait here in
 * order; the caller bounds how many (Argon2PasswordHasher's semaphore). A thread that dies fails
 * its job and is replaced on the next one.
 */
export class HashThreadPool implements Argon2Engine {
  private readonly threads = new Set<HashThread>();
  private readonly idle: HashThread[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly niceness = HASH_THREAD_NICENESS,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a hash thread pool needs at least one thread (got ${size})`);
  }

  hash(password: string, options: Options): Promise<string> {
    return this.submit({ id: 0, op: 'hash', password, options }) as Promise<string>;
  }

  verify(stored: string, password: string): Promise<boolean> {
    return this.submit({ id: 0, op: 'verify', stored, password }) as Promise<boolean>;
  }

  hashRaw(password: string, options: Options): Promise<Uint8Array> {
    return this.submit({ id: 0, op: 'hashRaw', password, options }) as Promise<Uint8Array>;
  }

  /** Threads started, busy, and jobs waiting for one; the nice values the threads run at. */
  stats(): { threads: number; busy: number; waiting: number; nice: Array<number | null | undefined> } {
    const all = [...this.threads];
    return { threads: all.length, busy: all.filter((t) => t.current).length, waiting: this.waiting.length, nice: all.map((t) => t.nice) };
  }

  /** Fails the waiting jobs and the running ones, and ends the threads. Later jobs are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.reject(new Error('the hash thread pool is closed'));
    const threads = [...this.threads];
    this.threads.clear();
    this.idle.length = 0;
    for (const thread of threads) thread.finish()?.reject(new Error('the hash thread pool is closed'));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private submit(job: HashJob): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the hash thread pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job: { ...job, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let thread = this.idle.pop();
      if (!thread) {
        if (this.threads.size >= this.size) return;
        thread = new HashThread(this.niceness, (t, reply) => this.onReply(t, reply), (t, error) => this.onGone(t, error));
        this.threads.add(thread);
      }
      thread.start(this.waiting.shift()!);
    }
  }

  private onReply(thread: HashThread, reply: HashReply): void {
    if (reply.id === -1) {
      thread.nice = 'value' in reply ? (reply.value as number | null) : null;
      return;
    }
    const pending = thread.finish();
    if (!this.threads.has(thread)) return; // closed meanwhile
    this.idle.push(thread);
    if (pending) {
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.value);
    }
    this.dispatch();
  }

  private onGone(thread: HashThread, error: Error): void {
    if (!this.threads.delete(thread)) return; // closed, or 'error' already handled before 'exit'
    const at = this.idle.indexOf(thread);
    if (at >= 0) this.idle.splice(at, 1);
    thread.finish()?.reject(error);
    if (!this.closed) this.dispatch();
  }
}
