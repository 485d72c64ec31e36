// The master secret and what is derived from it: the JWT signing key and the key that encrypts
// integration secrets. It comes from KEYFRONT_SECRET, or else is generated once and kept in the
// database (keyfront_secret), so every process sharing the database agrees without setup.
// Keeping it in KEYFRONT_SECRET instead means a stolen database dump alone cannot forge JWTs or
// read integration secrets; the README says so.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { UnavailableError } from '../errors/domain-errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretRepository } from './secret-repository.ts';
import { epochSeconds } from '../lib/clock.ts';

export type KeyPurpose = 'jwt-hs256' | 'integration-secrets';

const MASTER_ROW = 'master';
const CIPHER_PREFIX = 'v1:';

export class KeyRing {
  private master: Promise<Buffer> | null = null;
  private readonly derived = new Map<KeyPurpose, Buffer>();

  constructor(
    private readonly repository: SecretRepository,
    private readonly clock: Clock,
    private readonly configured: string | undefined,
  ) {}

  /** A 32-byte key for one purpose (HKDF-SHA256 of the master secret), so no key serves two uses. */
  async key(purpose: KeyPurpose): Promise<Buffer> {
    const cached = this.derived.get(purpose);
    if (cached) return cached;
    const master = await this.masterSecret();
    const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `keyfront:${purpose}`, 32));
    this.derived.set(purpose, key);
    return key;
  }

  async encrypt(plain: string): Promise<string> {
    const key = await this.key('integration-secrets');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return CIPHER_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** Throws when the ciphertext was made with another key (e.g. KEYFRONT_SECRET changed). */
  async decrypt(stored: string): Promise<string> {
    if (!stored.startsWith(CIPHER_PREFIX)) throw new UnavailableError('secret.unreadable');
    const key = await this.key('integration-secrets');
    const raw = Buffer.from(stored.slice(CIPHER_PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  private masterSecret(): Promise<Buffer> {
    this.master ??= this.loadMaster().catch((error) => {
      this.master = null; // a failed read (database down) is retried on next use
      throw error;
    });
    return this.master;
  }

  private async loadMaster(): Promise<Buffer> {
    if (this.configured) return Buffer.from(this.configured, 'utf8');
    let value = await this.repository.find(MASTER_ROW);
    if (value === undefined) {
      // Another process may insert it first: then its value wins, read below.
      await this.repository.insertIfAbsent(MASTER_ROW, randomBytes(32).toString('base64url'), epochSeconds(this.clock.now()));
      value = await this.repository.find(MASTER_ROW);
    }
    if (value === undefined) throw new UnavailableError('secret.not_created');
    return Buffer.from(value, 'base64url');
  }
}
