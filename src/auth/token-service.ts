// Customer and admin tokens. Two formats, chosen by `webapi/token/format` at issue time:
// - opaque (default): 32 characters of [0-9a-z] as Magento makes them, stored only as a sha256 hash.
//   A lookup by hash needs no constant-time compare: the index is keyed by a one-way digest, so
//   timing tells an attacker nothing about any real token.
// - jwt: Magento 2.4.4+ tokens (jwt.ts) signed with the configured algorithm's current key
//   (jwt-keys.ts), ended by a per-user "revoked before" time or by retiring their key.
// Both are read whatever the current format, so switching formats leaves issued tokens working.
import type { SecurityEvents } from '../ops/security-events.ts';
import { createHash, randomInt } from 'node:crypto';
import { epochSeconds, type Clock } from '../lib/clock.ts';
import type { ConfigService, ConfigSnapshot } from '../settings/service.ts';
import type { ResourceGrant } from './acl.ts';
import type { StoreView } from '../stores/model.ts';
import { isJwtAlgorithm, looksLikeJwt, readHeader, signJwt, verifyJwt, type JwtAlgorithm, type JwtClaims } from './jwt.ts';
import type { JwtKeyService } from './jwt-keys.ts';
import { ANONYMOUS, USER_TYPE_ADMIN, USER_TYPE_CUSTOMER, type Principal } from './principal.ts';
import type { NewTokenRow, OwnerState, TokenOwnerRow, TokenRepository } from './token-repository.ts';

/**
 * Where a token's owner is read. The token repository reads the owner's state only; a door that
 * is about to read the owner anyway (GET /V1/customers/me) passes a reader that fetches the
 * customer in the same statement (customers/signed-in-reader.ts), so the request makes one round trip.
 */
export interface OwnerReader {
  findWithOwner(tokenHash: string): Promise<TokenOwnerRow | undefined>;
  ownerState(userType: number, userId: number, kid: string): Promise<OwnerState | undefined>;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const FORMAT_PATH = 'webapi/token/format';
const JWT_ALG_PATH = 'webapi/jwtauth/jwt_alg';
const BASE_URL_PATH = 'web/unsecure/base_url';
const jwtLifetimePath = (customer: boolean) => (customer ? 'webapi/jwtauth/customer_expiration' : 'webapi/jwtauth/admin_expiration');
const opaqueLifetimePath = (customer: boolean) => (customer ? 'oauth/access_token_lifetime/customer' : 'oauth/access_token_lifetime/admin');
const TOKEN_PATTERN = /^[0-9a-z]{32}$/;
/** Verified JWT signatures kept per process (oldest dropped first). */
const VERIFIED_CACHE_SIZE = 10_000;

export function generateToken(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AdminGrants {
  grantFor(adminId: number): Promise<ResourceGrant>;
}

export interface TokenServiceDeps {
  repository: TokenRepository;
  clock: Clock;
  jwtKeys: JwtKeyService;
  config: ConfigService;
  /** What an admin holds, read per request (admin/roles.ts answers it). */
  grants: AdminGrants;
  events?: SecurityEvents;
}

/** What a live token stands for (introspection, the gateway check, and the principal of a request). */
export interface TokenInfo {
  userType: typeof USER_TYPE_CUSTOMER | typeof USER_TYPE_ADMIN;
  userId: number;
  /** The opaque token's row id; 0 for a JWT (it has no row). */
  tokenId: number;
  /** The customer's website, store view and group; null for an admin. */
  websiteId: number | null;
  storeId: number | null;
  groupId: number | null;
  iat: number;
  /** null: an opaque token that does not expire. */
  exp: number | null;
  /** A JWT's issuer claim (tokens from before iss was added have none). */
  iss?: string;
}

export class TokenService {
  private readonly repository: TokenRepository;
  private readonly clock: Clock;
  private readonly verified = new Map<string, JwtClaims>();

  constructor(private readonly deps: TokenServiceDeps) {
    this.repository = deps.repository;
    this.clock = deps.clock;
  }

  /** A token for a user who just signed in, in the configured format and lifetime. */
  async issueForLogin(userType: number, userId: number, store?: StoreView): Promise<string> {
    const customer = userType === USER_TYPE_CUSTOMER;
    // Read at issue time (config:set applies without a restart), in one query.
    const settings = await this.deps.config.getMany([FORMAT_PATH, jwtLifetimePath(customer), opaqueLifetimePath(customer), JWT_ALG_PATH, BASE_URL_PATH], store);
    const issued = await this.prepare(userType, userId, (path) => settings[path] ?? null);
    if (issued.row) await this.repository.insert(issued.row);
    return issued.token;
  }

  /**
   * The same for a sign-in that writes in one statement of its own (LoginService): settings from
   * a snapshot it confirmed current, and an opaque token's row returned for it to insert, not
   * inserted here. A JWT has no row (it is signed here, after its key and revocation reads).
   */
  prepareForSignIn(userType: number, userId: number, store: StoreView | undefined, settings: ConfigSnapshot): Promise<{ token: string; row: NewTokenRow | null }> {
    return this.prepare(userType, userId, (path) => settings.get(path, store));
  }

  private async prepare(userType: number, userId: number, setting: (path: string) => string | null): Promise<{ token: string; row: NewTokenRow | null }> {
    const customer = userType === USER_TYPE_CUSTOMER;
    if (setting(FORMAT_PATH) === 'jwt') {
      const minutes = Number(setting(jwtLifetimePath(customer)));
      const alg = setting(JWT_ALG_PATH);
      const iss = setting(BASE_URL_PATH) ?? undefined;
      // Magento's ConfigReader falls back to 30 minutes; an algorithm config:set refused falls back to Magento's default.
      return { token: await this.issueJwt(userType, userId, Number.isFinite(minutes) && minutes > 0 ? minutes : 30, isJwtAlgorithm(alg) ? alg : 'HS256', iss), row: null };
    }
    const raw = setting(opaqueLifetimePath(customer));
    const hours = Number(raw);
    return this.opaque(userType, userId, raw !== null && Number.isFinite(hours) ? hours : customer ? 1 : 4);
  }

  /** A new opaque token and the row that stores its hash; `lifetimeHours` <= 0: it does not expire (Magento's rule). */
  private opaque(userType: number, userId: number, lifetimeHours: number): { token: string; row: NewTokenRow } {
    const token = generateToken();
    const now = epochSeconds(this.clock.now());
    const expires = lifetimeHours > 0 ? now + Math.round(lifetimeHours * 3600) : null;
    return { token, row: { token_hash: hashToken(token), user_type: userType, user_id: userId, created_at: now, expires_at: expires } };
  }

  /** Issues an opaque token; `lifetimeHours` <= 0 means it does not expire (Magento's rule). */
  async issue(userType: number, userId: number, lifetimeHours: number): Promise<string> {
    const { token, row } = this.opaque(userType, userId, lifetimeHours);
    await this.repository.insert(row);
    return token;
  }

  private async issueJwt(userType: number, userId: number, minutes: number, alg: JwtAlgorithm, iss: string | undefined): Promise<string> {
    // Magento lets a token issued in the very second of a revocation survive it (iat <= revoke_before,
    // revoke_before = time() - 1). Keyfront revokes through the current second and dates a new
    // token just after the latest revocation instead, so nothing issued before a revoke survives
    // and nothing issued after it is refused.
    const revokedBefore = await this.revokedBefore(userType, userId);
    const iat = Math.max(epochSeconds(this.clock.now()), revokedBefore + 1);
    return signJwt({ uid: userId, utypid: userType, iat, exp: iat + minutes * 60, iss }, await this.deps.jwtKeys.signingKey(alg));
  }

  /**
   * The principal a bearer token stands for. Anything wrong (unknown, malformed, expired, revoked,
   * owner gone or disabled) makes the request anonymous, as in Magento.
   */
  async principalFor(token: string, reader?: OwnerReader): Promise<Principal> {
    const info = await this.inspect(token, reader);
    if (!info) return ANONYMOUS;
    if (info.userType === USER_TYPE_CUSTOMER) return { type: 'customer', customerId: info.userId, websiteId: info.websiteId!, tokenId: info.tokenId };
    return { type: 'admin', adminId: info.userId, tokenId: info.tokenId, resources: await this.deps.grants.grantFor(info.userId) };
  }

  /** A live customer or admin token's facts, or null (unknown, malformed, expired, revoked, owner gone or disabled). */
  async inspect(token: string, reader: OwnerReader = this.repository): Promise<TokenInfo | null> {
    if (looksLikeJwt(token)) return this.inspectJwt(token, reader);
    if (!TOKEN_PATTERN.test(token)) return null;
    const row = await reader.findWithOwner(hashToken(token));
    if (!row || row.revoked) return null;
    if (row.expires_at !== null && row.expires_at <= epochSeconds(this.clock.now())) return null;
    const base = { userId: row.user_id, tokenId: row.token_id, iat: Number(row.created_at), exp: row.expires_at === null ? null : Number(row.expires_at) };
    if (row.user_type === USER_TYPE_CUSTOMER) {
      if (row.customer_website_id === null || row.customer_is_active === 0) return null;
      return { ...base, userType: USER_TYPE_CUSTOMER, websiteId: row.customer_website_id, storeId: row.customer_store_id, groupId: row.customer_group_id };
    }
    if (row.user_type === USER_TYPE_ADMIN && row.admin_is_active === 1) return { ...base, userType: USER_TYPE_ADMIN, websiteId: null, storeId: null, groupId: null };
    return null;
  }

  private async inspectJwt(token: string, reader: OwnerReader): Promise<TokenInfo | null> {
    const header = readHeader(token);
    if (!header) return null;
    let claims: JwtClaims | null | undefined;
    try {
      // The key's material comes from memory after its first read; whether it is still live is read
      // with the owner below, on every request (a retired key ends its tokens at once on every
      // process). The signature check, which can never change its answer for one token text, is cached.
      const key = await this.deps.jwtKeys.verificationKey(header.kid, header.alg);
      if (!key) return null;
      claims = this.verified.get(token);
      if (!claims) {
        claims = await verifyJwt(token, key);
        if (claims) this.remember(token, claims);
      }
    } catch {
      return null; // a stored key that cannot be read (KEYFRONT_SECRET changed): its tokens mean nothing
    }
    if (!claims || claims.exp <= epochSeconds(this.clock.now())) return null;
    if (claims.utypid !== USER_TYPE_CUSTOMER && claims.utypid !== USER_TYPE_ADMIN) return null;
    // Owner and revocation are read from the database on every request (one query, no cache), so a
    // revocation holds at once on every process.
    const owner = await reader.ownerState(claims.utypid, claims.uid, header.kid);
    if (!owner || owner.is_active !== 1 || claims.iat <= owner.revoke_before || !this.deps.jwtKeys.keyIsLive(owner)) return null;
    return {
      userType: claims.utypid,
      userId: claims.uid,
      tokenId: 0,
      websiteId: owner.website_id,
      storeId: owner.store_id,
      groupId: owner.group_id,
      iat: claims.iat,
      exp: claims.exp,
      ...(claims.iss ? { iss: claims.iss } : {}),
    };
  }

  /**
   * Tokens whose signature was checked, by their text: a signature check (tens to hundreds of µs
   * for the asymmetric algorithms) is done once per token and process. Safe to key on the text
   * because every segment is accepted in its canonical spelling only (lib/base64.ts).
   */
  private remember(token: string, claims: JwtClaims): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
  }

  private revokedBefore(userType: number, userId: number): Promise<number> {
    return this.repository.revokedBefore(userType, userId);
  }

  /** Ends every token of the user, opaque and JWT, on every process at once. */
  async revokeAll(userType: number, userId: number): Promise<number> {
    await this.upsertRevokedBefore(userType, userId);
    this.deps.events?.tokensRevoked(userType, userId, 'all');
    return this.repository.deleteForUser(userType, userId);
  }

  private async upsertRevokedBefore(userType: number, userId: number): Promise<void> {
    await this.repository.revokeBefore(userType, userId, epochSeconds(this.clock.now()));
  }

  /**
   * A customer signing out (revoke-customer-token, GraphQL's revokeCustomerToken): every token of
   * the customer, as in Magento, or only the presented one when
   * oauth/keyfront/revoke_presented_token_only = 1.
   */
  async signOut(principal: Extract<Principal, { type: 'customer' }>, store: StoreView): Promise<void> {
    if (await this.deps.config.getFlag('oauth/keyfront/revoke_presented_token_only', store)) await this.revokePresented(principal);
    else await this.revokeAll(USER_TYPE_CUSTOMER, principal.customerId);
  }

  /** Ends one opaque token (logout on one device). A JWT has no row of its own: it ends with all of its user's. */
  async revokePresented(principal: Extract<Principal, { tokenId: number }>): Promise<void> {
    if (principal.tokenId > 0) {
      await this.repository.deleteById(principal.tokenId);
      this.deps.events?.tokensRevoked(principal.type === 'customer' ? USER_TYPE_CUSTOMER : USER_TYPE_ADMIN, principal.type === 'customer' ? principal.customerId : principal.adminId, 'one');
    }
    else if (principal.type === 'customer') await this.revokeAll(USER_TYPE_CUSTOMER, principal.customerId);
    else await this.revokeAll(USER_TYPE_ADMIN, principal.adminId);
  }

  /**
   * After a password change or reset: every other token of the customer ends (Magento leaves them
   * alive; Keyfront does not, so a stolen session dies with the old password). The presented
   * opaque token survives; JWTs carry no row, so all of the user's JWTs end, the presented one too.
   */
  async revokeOthers(userType: number, userId: number, keepTokenId: number): Promise<void> {
    if (keepTokenId > 0) {
      await this.upsertRevokedBefore(userType, userId);
      this.deps.events?.tokensRevoked(userType, userId, 'others');
      await this.repository.deleteForUserExcept(userType, userId, keepTokenId);
    } else {
      await this.revokeAll(userType, userId);
    }
  }

  /** The periodic cleanup: expired tokens, and tokens of deleted users. */
  /** Opaque tokens in use now (JWTs have no rows to count). */
  countActive(): Promise<number> {
    return this.repository.countActive(epochSeconds(this.clock.now()));
  }

  async removeExpired(): Promise<number> {
    return (await this.repository.deleteExpired(epochSeconds(this.clock.now()))) + (await this.repository.deleteOrphans());
  }
}
