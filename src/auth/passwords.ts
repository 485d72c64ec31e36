// Password hashing: argon2id for every new hash; Magento's own formats are verified too, so
// customers moved off a Magento database keep their passwords (and are re-hashed on next login).
import { createHash, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ServiceBusyError } from '../errors/domain-errors.ts';
import { HashThreadPool, LIBUV_ARGON2, type Argon2Engine } from './hash-pool.ts';
import { QueueFullError, Semaphore } from '../lib/semaphore.ts';

export interface Argon2Params {
  memoryCost: number; // KiB
  timeCost: number;
  parallelism: number;
}

/** OWASP's recommendation for argon2id: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when the stored hash is not argon2id at the current parameters. */
  needsRehash(stored: string): boolean;
  /**
   * Verifies against a fixed dummy hash and returns false. Called for unknown users, so a miss
   * costs the same time as a wrong password and does not reveal whether the user exists.
   */
  verifyDummy(password: string): Promise<false>;
}

// Magento's libsodium "interactive" argon2id limits (Encryptor hash versions 2 and 3).
const SODIUM_OPSLIMIT_INTERACTIVE = 2;
const SODIUM_MEMLIMIT_INTERACTIVE = 67108864;

/**
 * How many hashes may run at once and how many may wait. Each argon2id run holds `memoryCost` KiB,
 * so without a bound a flood of sign-ins would exhaust memory and the thread pool.
 */
export interface HashingLimits {
  /** Hashes admitted at once: running on a hashing thread, or next in line for one. */
  concurrency: number;
  /** Hashes waiting beyond `concurrency`; more are refused (ServiceBusyError). */
  queueLimit: number;
  /**
   * Hashing threads of the process's own pool (hash-pool.ts), at a lower priority than the event
   * loop; 0 = libuv's shared pool as @node-rs/argon2 does it. Default: defaultHashThreads().
   */
  threads?: number;
  /** Called once per password verification actually run (a test seam; see options.ts). */
  onVerify?: () => void;
}

export const DEFAULT_HASHING_LIMITS: HashingLimits = { concurrency: 4, queueLimit: 64 };

/**
 * One hashing thread per core this process may use (its share of them when `processes` Keyfront
 * processes run side by side: serve --workers), never more than may hash at once: more threads
 * than cores only interrupt each other (on 2 cores, 4 threads cost 20–45 % more CPU per hash).
 */
export function defaultHashThreads(concurrency: number, processes = 1): number {
  return Math.max(1, Math.min(concurrency, Math.floor(availableParallelism() / Math.max(1, processes))));
}

export class Argon2PasswordHasher implements PasswordHasher {
  private dummy: Promise<string> | null = null;
  private readonly phcParams: string;
  private readonly gate: Semaphore;
  private readonly engine: Argon2Engine;

  constructor(
    private readonly params: Argon2Params = OWASP_ARGON2,
    private readonly limits: HashingLimits = DEFAULT_HASHING_LIMITS,
  ) {
    this.phcParams = `$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$`;
    this.gate = new Semaphore(limits.concurrency, limits.queueLimit);
    const threads = limits.threads ?? defaultHashThreads(limits.concurrency);
    this.engine = threads > 0 ? new HashThreadPool(threads) : LIBUV_ARGON2;
  }

  hash(password: string): Promise<string> {
    return this.gated(() => this.engine.hash(password, { ...this.params }));
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.gated(async () => {
      this.limits.onVerify?.();
      if (stored.startsWith('$argon2')) {
        try {
          return await this.engine.verify(stored, password);
        } catch {
          return false;
        }
      }
      return verifyMagentoHash(password, stored, this.engine);
    });
  }

  /** Ends the hashing threads (idle ones never keep the process alive, but a server closes them on shutdown). */
  close(): Promise<void> {
    return this.engine.close();
  }

  private async gated<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(task);
    } catch (error) {
      if (error instanceof QueueFullError) throw new ServiceBusyError();
      throw error;
    }
  }

  /** Hashes running and waiting now (for /metrics). */
  queue(): { running: number; waiting: number } {
    return this.gate.stats();
  }

  needsRehash(stored: string): boolean {
    return !stored.startsWith(this.phcParams);
  }

  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('keyfront-dummy-password-for-unknown-users').catch((error) => {
      this.dummy = null; // refused while busy: make it on a later call
      throw error;
    });
    await this.verify(password, await this.dummy);
    return false;
  }
}

/**
 * Magento\Framework\Encryption\Encryptor::isValidHash: `hash:salt:versions`, where versions is a
 * chain (`0:2`, `1`, `3_32_2_67108864`) applied in order to the password.
 */
export async function verifyMagentoHash(password: string, stored: string, engine: Argon2Engine = LIBUV_ARGON2): Promise<boolean> {
  const parts = stored.split(':');
  if (parts.length < 3) return false; // not a Magento customer hash; the HMAC legacy path needs Magento's crypt key
  const [expected, salt, ...versions] = parts;
  let recreated = password;
  for (const version of versions) {
    const v3 = /^3_(\d+)_(\d+)_(\d+)$/.exec(version);
    if (v3) {
      recreated = await sodiumArgon2(engine, recreated, salt, Number(v3[1]), Number(v3[2]), Number(v3[3]));
    } else if (version === '2') {
      recreated = await sodiumArgon2(engine, recreated, salt, 32, SODIUM_OPSLIMIT_INTERACTIVE, SODIUM_MEMLIMIT_INTERACTIVE);
    } else if (version === '1') {
      recreated = createHash('sha256').update(salt + recreated, 'utf8').digest('hex');
    } else if (version === '0') {
      recreated = createHash('md5').update(salt + recreated, 'utf8').digest('hex');
    } else {
      return false;
    }
  }
  return safeEqual(recreated, expected);
}

// sodium_crypto_pwhash with ALG_ARGON2ID13: the salt is cut (or padded by repetition) to 16 bytes.
async function sodiumArgon2(engine: Argon2Engine, password: string, salt: string, outLen: number, ops: number, memBytes: number): Promise<string> {
  let salt16 = salt;
  while (Buffer.byteLength(salt16) < 16) salt16 += salt;
  const saltBytes = Buffer.from(salt16).subarray(0, 16);
  const raw = await engine.hashRaw(password, {
    salt: saltBytes,
    outputLen: outLen,
    timeCost: ops,
    memoryCost: Math.floor(memBytes / 1024),
    parallelism: 1,
  });
  return Buffer.from(raw).toString('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  // Compare equal-length buffers so the time does not depend on where they differ.
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
