// The hashing threads (src/auth/hash-pool.ts): the same answers as @node-rs/argon2 on libuv's
// pool, errors back to the caller, a bounded number of threads below the event loop's priority,
// the hasher's busy answer unchanged, and no thread that keeps a process alive.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { HASH_THREAD_NICENESS, HashThreadPool, LIBUV_ARGON2 } from '../../src/auth/hash-pool.ts';
import { Argon2PasswordHasher, defaultHashThreads } from '../../src/auth/passwords.ts';
import { ServiceBusyError } from '../../src/errors/domain-errors.ts';
import { optionsFromEnv } from '../../src/options.ts';

const CHEAP = { memoryCost: 256, timeCost: 1, parallelism: 1 };
const ROOT = new URL('../../', import.meta.url).pathname;

describe('hash thread pool', () => {
  it('hashes, verifies and hashes raw as @node-rs/argon2 does on libuv', async () => {
    const pool = new HashThreadPool(2);
    try {
      const stored = await pool.hash('Password1', CHEAP);
      assert.match(stored, /^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
      assert.equal(await pool.verify(stored, 'Password1'), true);
      assert.equal(await pool.verify(stored, 'Password2'), false);
      // Each side verifies the other's hash, and a raw hash with a given salt is the same bytes.
      assert.equal(await LIBUV_ARGON2.verify(stored, 'Password1'), true);
      assert.equal(await pool.verify(await LIBUV_ARGON2.hash('Password3', CHEAP), 'Password3'), true);
      const raw = { ...CHEAP, salt: Buffer.from('0123456789abcdef'), outputLen: 32 };
      assert.deepEqual(Buffer.from(await pool.hashRaw('Password1', raw)), Buffer.from(await LIBUV_ARGON2.hashRaw('Password1', raw)));
    } finally {
      await pool.close();
    }
  });

  it('answers a malformed hash with an error, and keeps working', async () => {
    const pool = new HashThreadPool(1);
    try {
      await assert.rejects(pool.verify('$argon2id$v=19$m=256,t=1,p=1$not-base64!$x', 'Password1'), Error);
      await assert.rejects(pool.hash('Password1', { ...CHEAP, memoryCost: 1 }), Error, 'a cost argon2 refuses');
      assert.equal(await pool.verify(await pool.hash('Password1', CHEAP), 'Password1'), true);
    } finally {
      await pool.close();
    }
  });

  it('starts no more threads than its size, each below the process priority (Linux)', async () => {
    const pool = new HashThreadPool(2);
    try {
      assert.equal(pool.stats().threads, 0, 'threads start with the first job');
      const stored = await pool.hash('Password1', CHEAP);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.verify(stored, i % 2 === 0 ? 'Password1' : 'wrong')));
      assert.deepEqual(results, [true, false, true, false, true, false], 'each job gets its own answer');
      const stats = pool.stats();
      assert.equal(stats.threads, 2);
      assert.equal(stats.busy, 0);
      assert.equal(stats.waiting, 0);
      const expected = process.platform === 'linux' ? Math.min(19, getPriority() + HASH_THREAD_NICENESS) : null;
      assert.deepEqual(stats.nice, [expected, expected]);
      if (process.platform === 'linux') assert.equal(getPriority(), getPriority(0), 'the process (event loop) keeps its priority');
    } finally {
      await pool.close();
    }
  });

  it('replaces a thread that died, failing only the job it had', async () => {
    const pool = new HashThreadPool(1);
    try {
      const stored = await LIBUV_ARGON2.hash('Password1', CHEAP);
      const running = pool.verify(stored, 'Password1');
      const waiting = pool.verify(stored, 'Password1');
      // Reach in (there is no public way to kill a thread): end the one just started, which has
      // the first job and is still starting up.
      const [thread] = (pool as unknown as { threads: Set<{ worker: { terminate(): Promise<number> } }> }).threads;
      await thread.worker.terminate();
      await assert.rejects(running, /hashing thread exited/);
      assert.equal(await waiting, true, 'the next job runs on a new thread');
      assert.equal(pool.stats().threads, 1);
    } finally {
      await pool.close();
    }
  });

  it('fails running and waiting jobs on close, and refuses later ones', async () => {
    const pool = new HashThreadPool(1);
    const jobs = [pool.hash('Password1', CHEAP), pool.hash('Password2', CHEAP)].map((job) => job.then(String, (error: Error) => error.message));
    await pool.close();
    assert.deepEqual(await Promise.all(jobs), ['the hash thread pool is closed', 'the hash thread pool is closed']);
    await assert.rejects(pool.verify('$argon2id$x', 'y'), /closed/);
    assert.equal(pool.stats().threads, 0);
  });

  it('never keeps a process alive when idle, and keeps it alive while a job runs', () => {
    // A script that starts a hash without awaiting it and never closes the pool: the process must
    // print the hash (alive while the job runs) and then end by itself (idle threads do not hold it).
    const script = `
      import { Argon2PasswordHasher } from './src/auth/passwords.ts';
      const hasher = new Argon2PasswordHasher(${JSON.stringify(CHEAP)}, { concurrency: 2, queueLimit: 2, threads: 2 });
      hasher.hash('Password1').then((h) => console.log(h));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.signal, null, `the process had to be killed: ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\$argon2id\$/);
  });
});

describe('Argon2PasswordHasher on hashing threads', () => {
  it('still answers busy beyond concurrency + queue limit', async () => {
    const hasher = new Argon2PasswordHasher(CHEAP, { concurrency: 1, queueLimit: 1, threads: 1 });
    try {
      const first = hasher.hash('Password1');
      const second = hasher.hash('Password2');
      await assert.rejects(hasher.hash('Password3'), ServiceBusyError);
      assert.match(await first, /^\$argon2id\$/);
      assert.match(await second, /^\$argon2id\$/);
      assert.deepEqual(hasher.queue(), { running: 0, waiting: 0 });
    } finally {
      await hasher.close();
    }
  });

  it('verifies on either engine, and a malformed argon2 hash is a wrong password, not an error', async () => {
    for (const threads of [0, 2]) {
      const hasher = new Argon2PasswordHasher(CHEAP, { concurrency: 4, queueLimit: 4, threads });
      try {
        const stored = await hasher.hash('Password1');
        assert.equal(await hasher.verify('Password1', stored), true, `threads=${threads}`);
        assert.equal(await hasher.verify('Password2', stored), false, `threads=${threads}`);
        assert.equal(await hasher.verify('Password1', '$argon2id$v=19$m=256,t=1,p=1$broken'), false, `threads=${threads}`);
      } finally {
        await hasher.close();
      }
    }
  });

  it('is refused after close', async () => {
    const hasher = new Argon2PasswordHasher(CHEAP, { concurrency: 1, queueLimit: 1, threads: 1 });
    await hasher.close();
    await assert.rejects(hasher.hash('Password1'), /closed/);
  });
});

describe('KEYFRONT_HASH_THREADS', () => {
  it('defaults to one thread per core (shared among --workers), at most the hash concurrency; 0 is libuv\'s pool', () => {
    assert.equal(optionsFromEnv({}).hashThreads, defaultHashThreads(4));
    assert.equal(defaultHashThreads(1), 1);
    assert.ok(defaultHashThreads(256) >= 1);
    assert.equal(optionsFromEnv({ KEYFRONT_HASH_CONCURRENCY: '1' }).hashThreads, 1);
    assert.equal(optionsFromEnv({ KEYFRONT_WORKERS: 'auto' }).hashThreads, 1, 'a worker per core: a hashing thread each');
    assert.equal(defaultHashThreads(4, 256), 1);
    assert.equal(optionsFromEnv({ KEYFRONT_WORKERS: '2' }).hashThreads, defaultHashThreads(4, 2));
    assert.equal(optionsFromEnv({ KEYFRONT_HASH_THREADS: '0' }).hashThreads, 0);
    assert.equal(optionsFromEnv({ KEYFRONT_HASH_THREADS: '3' }).hashThreads, 3);
    assert.throws(() => optionsFromEnv({ KEYFRONT_HASH_THREADS: '-1' }), /KEYFRONT_HASH_THREADS must be an integer from 0 to 256/);
    assert.throws(() => optionsFromEnv({ KEYFRONT_HASH_THREADS: 'many' }), /KEYFRONT_HASH_THREADS/);
  });
});
