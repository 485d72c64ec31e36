// The admin pages' sessions, in the database like the storefront's but in their own table and
// cookie: a customer session can never be mistaken for an admin one. The lifetime slides
// (admin/security/session_lifetime, Magento's 900 s) and is written at most every 30 seconds.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { epochSeconds, type Clock } from '../lib/clock.ts';
import type { AdminSessionRepository } from './session-repository.ts';

export type AdminStage = 'password' | 'full';

export interface AdminFlash {
  type: 'success' | 'error' | 'notice';
  text: string;
}

export interface AdminSession {
  /** The cookie value; only known for a session created during this request. */
  id: string | null;
  hash: string;
  userId: number;
  stage: AdminStage;
  formKey: string;
  flash: AdminFlash[];
  expiresAt: number;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const FORM_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export class AdminSessionStore {
  constructor(
    private readonly repository: AdminSessionRepository,
    private readonly clock: Clock,
  ) {}

  private now(): number {
    return epochSeconds(this.clock.now());
  }

  /** The live session behind a cookie value, its expiry pushed on by `lifetime` seconds. */
  async find(id: string | undefined, lifetime: number): Promise<AdminSession | null> {
    if (!id || !ID_PATTERN.test(id)) return null;
    const hash = hashId(id);
    const row = await this.repository.find(hash);
    const now = this.now();
    if (!row || Number(row.expires_at) <= now) return null;
    let expiresAt = Number(row.expires_at);
    if (now + lifetime - expiresAt >= Math.min(30, lifetime / 2)) {
      expiresAt = now + lifetime;
      await this.repository.update(hash, { expires_at: expiresAt });
    }
    return { id: null, hash, userId: Number(row.user_id), stage: row.stage === 'full' ? 'full' : 'password', formKey: row.form_key, flash: parseFlash(row.flash), expiresAt };
  }

  /** A new session after a correct password: a new id and form key (no fixation across sign-in). */
  async create(userId: number, stage: AdminStage, lifetime: number): Promise<AdminSession> {
    const id = randomBytes(32).toString('base64url');
    let formKey = '';
    for (let i = 0; i < 16; i++) formKey += FORM_KEY_ALPHABET[randomInt(FORM_KEY_ALPHABET.length)];
    const now = this.now();
    const session: AdminSession = { id, hash: hashId(id), userId, stage, formKey, flash: [], expiresAt: now + lifetime };
    await this.repository.insert({ session_hash: session.hash, user_id: userId, stage, form_key: formKey, flash: null, created_at: now, expires_at: session.expiresAt });
    if (randomInt(50) === 0) await this.repository.deleteExpired(now);
    return session;
  }

  /** The second factor passed: the same session becomes a full one. */
  async promote(session: AdminSession): Promise<void> {
    await this.repository.update(session.hash, { stage: 'full' });
    session.stage = 'full';
  }

  async saveFlash(session: AdminSession, flash: AdminFlash[]): Promise<void> {
    await this.repository.update(session.hash, { flash: flash.length ? JSON.stringify(flash) : null });
    session.flash = flash;
  }

  async destroy(session: AdminSession): Promise<void> {
    await this.repository.delete(session.hash);
  }

  /** Every session of an admin ends (disabled user, 2FA reset). */
  async destroyForUser(userId: number): Promise<void> {
    await this.repository.deleteForUser(userId);
  }
}

function parseFlash(text: string | null): AdminFlash[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? (value as AdminFlash[]) : [];
  } catch {
    return [];
  }
}
