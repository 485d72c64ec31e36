// Other services trusting Keyfront's tokens without holding a secret: RFC 7662 introspection
// (clients are integrations holding Keyfront::introspect) and the gateway check behind nginx
// auth_request / Traefik ForwardAuth / Envoy ext_authz. No HTTP here: the trust door is thin.
import { createHash } from 'node:crypto';
import { principalHolds } from '../auth/acl.ts';
import { USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { IntegrationService } from '../integrations/service.ts';
import { RateLimiter } from '../lib/rate-limit.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreService } from '../stores/service.ts';

export const INTROSPECT_RESOURCE = 'Keyfront::introspect';
/** A client's successful authentication is remembered this long per process (the secret check decrypts). */
const CLIENT_CACHE_MS = 5000;
const CLIENT_CACHE_SIZE = 1000;
const ISSUER_CACHE_MS = 5000;
/** Failed client authentications allowed per IP address and minute, per process. */
const FAILURES_PER_MINUTE = 10;

export type IntrospectionResponse =
  | { active: false }
  | { active: true; token_type: 'customer' | 'admin'; sub: string; iat: number; exp?: number; website_id: number; store_id: number; iss: string };

export type ClientCheck = { ok: true; clientId: string } | { ok: false; reason: 'unauthenticated' | 'forbidden' | 'throttled' };

export interface VerifiedCustomer {
  customerId: number;
  websiteId: number;
  groupId: number;
}

export class TrustService {
  private readonly clients = new Map<string, { clientId: string; until: number }>();
  private readonly issuers = new Map<number, { value: string; until: number }>();
  private readonly failures: RateLimiter;
  private readonly perClient: RateLimiter;

  constructor(
    private readonly tokens: TokenService,
    private readonly integrations: IntegrationService,
    private readonly config: ConfigService,
    private readonly stores: StoreService,
    limits: { requestsPerSecond: number } = { requestsPerSecond: 10_000 },
  ) {
    this.failures = new RateLimiter(FAILURES_PER_MINUTE, 60_000);
    this.perClient = new RateLimiter(limits.requestsPerSecond, 1000);
  }

  /** `Authorization: Basic base64(consumer_key:consumer_secret)` of an integration holding Keyfront::introspect. */
  async authenticateClient(authorization: string | undefined, ip: string): Promise<ClientCheck> {
    if (this.failures.blocked(ip)) return { ok: false, reason: 'throttled' };
    const cached = authorization ? this.clients.get(authorization) : undefined;
    if (cached && cached.until > Date.now()) {
      return this.perClient.take(cached.clientId) ? { ok: true, clientId: cached.clientId } : { ok: false, reason: 'throttled' };
    }
    const credentials = parseBasic(authorization);
    const principal = credentials ? await this.integrations.authenticateClient(credentials.id, credentials.secret) : null;
    if (!principal || principal.type !== 'integration') {
      this.failures.take(ip);
      return { ok: false, reason: 'unauthenticated' };
    }
    if (!principalHolds(principal, [INTROSPECT_RESOURCE])) return { ok: false, reason: 'forbidden' };
    if (this.clients.size >= CLIENT_CACHE_SIZE) this.clients.clear();
    this.clients.set(authorization!, { clientId: credentials!.id, until: Date.now() + CLIENT_CACHE_MS });
    return this.perClient.take(credentials!.id) ? { ok: true, clientId: credentials!.id } : { ok: false, reason: 'throttled' };
  }

  /** RFC 7662: what a live customer or admin token stands for; `{active: false}` for anything else. */
  async introspect(token: string): Promise<IntrospectionResponse> {
    const info = token.length > 0 && token.length < 8192 ? await this.tokens.inspect(token) : null;
    if (!info) return { active: false };
    const customer = info.userType === USER_TYPE_CUSTOMER;
    return {
      active: true,
      token_type: customer ? 'customer' : 'admin',
      sub: String(info.userId),
      iat: info.iat,
      ...(info.exp === null ? {} : { exp: info.exp }),
      website_id: info.websiteId ?? 0,
      store_id: info.storeId ?? 0,
      iss: info.iss ?? (await this.issuer(info.storeId)),
    };
  }

  /** The gateway check: the customer behind `Authorization: Bearer <token>`, or null. */
  async verifyCustomer(authorization: string | undefined): Promise<VerifiedCustomer | null> {
    // TokenUserContext: exactly "<scheme> <token>", the scheme matched case-insensitively.
    const parts = authorization?.split(' ') ?? [];
    if (parts.length !== 2 || parts[0].toLowerCase() !== 'bearer') return null;
    const info = await this.tokens.inspect(parts[1]);
    if (!info || info.userType !== USER_TYPE_CUSTOMER) return null;
    return { customerId: info.userId, websiteId: info.websiteId!, groupId: info.groupId ?? 0 };
  }

  /** What a JWT's iss claim says for tokens that carry none: the customer's store view's base URL. */
  private async issuer(storeId: number | null): Promise<string> {
    // Kept a few seconds per store view, so introspection stays one indexed read per request.
    const key = storeId ?? 0;
    const cached = this.issuers.get(key);
    if (cached && cached.until > Date.now()) return cached.value;
    const view = storeId ? await this.stores.viewById(storeId) : null;
    const value = (await this.config.get('web/unsecure/base_url', view ?? undefined)) ?? '';
    this.issuers.set(key, { value, until: Date.now() + ISSUER_CACHE_MS });
    return value;
  }
}

/** RFC 7617 Basic credentials, refused unless the base64 is in its one canonical (padded) spelling. */
function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const m = /^basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? '');
  if (!m || Buffer.from(m[1], 'base64').toString('base64') !== m[1]) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  try {
    // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
    return { id: decodeURIComponent(text.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(text.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    return null;
  }
}

/** A fingerprint of a JWK Set's body, for ETag. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
