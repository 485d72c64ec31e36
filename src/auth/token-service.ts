// Opaque bearer tokens as Magento makes them (32 characters of [0-9a-z]), stored only as a
// sha256 hash. A lookup by hash needs no constant-time compare: the index is keyed by a one-way
// digest, so timing tells an attacker nothing about any real token.
import { createHash, randomInt } from 'node:crypto';
import { epochSeconds, type Clock } from '../lib/clock.ts';
import { ANONYMOUS, USER_TYPE_ADMIN, USER_TYPE_CUSTOMER, type Principal } from './principal.ts';
import type { TokenRepository } from './token-repository.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN_PATTERN = /^[0-9a-z]{32}$/;

export function generateToken(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TokenService {
  constructor(
    private readonly repository: TokenRepository,
    private readonly clock: Clock,
  ) {}

  /** Issues a token; `lifetimeHours` <= 0 means it does not expire (Magento's rule). */
  async issue(userType: number, userId: number, lifetimeHours: number): Promise<string> {
    const token = generateToken();
    const now = epochSeconds(this.clock.now());
    await this.repository.insert({
      token_hash: hashToken(token),
      user_type: userType,
      user_id: userId,
      created_at: now,
      expires_at: lifetimeHours > 0 ? now + Math.round(lifetimeHours * 3600) : null,
    });
    return token;
  }

  /**
   * The principal a bearer token stands for. Anything wrong (unknown, malformed, expired, revoked,
   * owner gone or disabled) makes the request anonymous, as in Magento.
   */
  async principalFor(token: string): Promise<Principal> {
    if (!TOKEN_PATTERN.test(token)) return ANONYMOUS;
    const row = await this.repository.findWithOwner(hashToken(token));
    if (!row || row.revoked) return ANONYMOUS;
    if (row.expires_at !== null && row.expires_at <= epochSeconds(this.clock.now())) return ANONYMOUS;
    if (row.user_type === USER_TYPE_CUSTOMER) {
      if (row.customer_website_id === null || row.customer_is_active === 0) return ANONYMOUS;
      return { type: 'customer', customerId: row.user_id, websiteId: row.customer_website_id, tokenId: row.token_id };
    }
    if (row.user_type === USER_TYPE_ADMIN) {
      if (row.admin_is_active !== 1) return ANONYMOUS;
      return { type: 'admin', adminId: row.user_id, tokenId: row.token_id };
    }
    return ANONYMOUS;
  }

  revokeAll(userType: number, userId: number): Promise<number> {
    return this.repository.deleteForUser(userType, userId);
  }

  removeExpired(): Promise<number> {
    return this.repository.deleteExpired(epochSeconds(this.clock.now()));
  }
}
