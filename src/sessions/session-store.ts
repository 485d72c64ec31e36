// Server-side storefront sessions in the database, so any process can serve any request. The
// cookie carries a random id; the table keeps only its sha256, so a copy of the database cannot
// be replayed as cookies. A look-up by hash needs no constant-time compare (see token-service.ts).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { epochSeconds, type Clock } from '../lib/clock.ts';
import type { SessionRepository, SessionRow } from './session-repository.ts';

export interface Flash {
  type: 'success' | 'error' | 'notice';
  text: string;
}

export interface Session {
  /** The cookie value; only known for a session created or rotated during this request. */
  id: string | null;
  hash: string;
  customerId: number | null;
  websiteId: number | null;
  formKey: string;
  flash: Flash[];
  expiresAt: number;
}

const FORM_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// 32 random bytes in base64url: 43 characters, the last one carrying 4 bits and 2 unused ones
// (always zero in an id we made), so only one spelling of an id is looked up.
const ID_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Magento's form key: 16 random letters and digits. */
function newFormKey(): string {
  let key = '';
  for (let i = 0; i < 16; i++) key += FORM_KEY_ALPHABET[randomInt(FORM_KEY_ALPHABET.length)];
  return key;
}

/** Reads a session's row by the hash of its id. */
export interface SessionRowReader {
  find(hash: string): Promise<SessionRow | undefined>;
}

export class SessionStore {
  constructor(
    private readonly repository: SessionRepository,
    private readonly clock: Clock,
  ) {}

  private now(): number {
    return epochSeconds(this.clock.now());
  }

  /**
   * The live session behind a cookie value, or null (unknown, malformed or expired). `reader`:
   * where the row is read (a page about to show the signed-in customer reads it with the session:
   * customers/signed-in-reader.ts); the session repository when absent.
   */
  async find(id: string | undefined, lifetime: number, reader: SessionRowReader = this.repository): Promise<Session | null> {
    if (!id || !ID_PATTERN.test(id)) return null;
    const hash = hashId(id);
    const row = await reader.find(hash);
    const now = this.now();
    if (!row || Number(row.expires_at) <= now) return null;
    let expiresAt = Number(row.expires_at);
    // Sliding expiry, written at most once per half lifetime rather than on every page.
    if (expiresAt - now < lifetime / 2) {
      expiresAt = now + lifetime;
      await this.repository.setExpiry(hash, expiresAt);
    }
    return {
      id: null,
      hash,
      customerId: row.customer_id === null ? null : Number(row.customer_id),
      websiteId: row.website_id === null ? null : Number(row.website_id),
      formKey: row.form_key,
      flash: parseFlash(row.flash),
      expiresAt,
    };
  }

  /** A new session (anonymous, or signed in when a customer is given), with a new id and form key. */
  async create(lifetime: number, customer: { customerId: number; websiteId: number } | null = null, flash: Flash[] = []): Promise<Session> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = {
      id,
      hash: hashId(id),
      customerId: customer?.customerId ?? null,
      websiteId: customer?.websiteId ?? null,
      formKey: newFormKey(),
      flash,
      expiresAt: now + lifetime,
    };
    await this.repository.insert({
        session_hash: session.hash,
        customer_id: session.customerId,
        website_id: session.websiteId,
        form_key: session.formKey,
        flash: flash.length ? JSON.stringify(flash) : null,
        created_at: now,
        expires_at: session.expiresAt,
      });
    // Expired rows are swept now and then by the requests themselves; no scheduler is needed.
    if (randomInt(100) === 0) await this.removeExpired();
    return session;
  }

  /**
   * Sign-in: the old session is ended and a new one (new id, new form key) is created for the
   * customer, so an id planted before sign-in (session fixation) is worth nothing after it.
   */
  async rotate(old: Session | null, lifetime: number, customer: { customerId: number; websiteId: number }): Promise<Session> {
    if (old) await this.destroy(old);
    return this.create(lifetime, customer);
  }

  async destroy(session: Session): Promise<void> {
    await this.repository.delete(session.hash);
  }

  /** Ends every session of a customer (password change, sign-out everywhere). */
  async destroyForCustomer(customerId: number): Promise<void> {
    await this.repository.deleteForCustomer(customerId);
  }

  async saveFlash(session: Session, flash: Flash[]): Promise<void> {
    await this.repository.setFlash(session.hash, flash.length ? JSON.stringify(flash) : null);
    session.flash = flash;
  }

  async removeExpired(): Promise<number> {
    return this.repository.deleteExpired(this.now());
  }
}

function parseFlash(text: string | null): Flash[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? (value as Flash[]) : [];
  } catch {
    return [];
  }
}
