// The services every door may call: the one surface REST, the storefront, GraphQL, the admin
// pages and the CLI translate onto. Doors get these, never a database handle (app.ts builds them).
import type { RoleService } from '../admin/roles.ts';
import type { AdminSessionStore } from '../admin/session-store.ts';
import type { TwoFactorService } from '../admin/tfa.ts';
import type { AdminUserService } from '../admin/service.ts';
import type { JwtKeyService } from '../auth/jwt-keys.ts';
import type { KeyRing } from '../auth/secrets.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { AccountService } from '../customers/account-service.ts';
import type { AddressService } from '../customers/address-service.ts';
import type { AttributeMetadataService } from '../customers/attribute-metadata.ts';
import type { AuthenticationService } from '../customers/authentication-service.ts';
import type { ConfirmationService } from '../customers/confirmation-service.ts';
import type { NewsletterService } from '../customers/newsletter-service.ts';
import type { PasswordService } from '../customers/password-service.ts';
import type { ResetRequestLimiter } from '../customers/reset-request-limiter.ts';
import type { CustomerSearchService } from '../customers/search-repository.ts';
import type { Directory } from '../directory/service.ts';
import type { GroupService } from '../groups/service.ts';
import type { IntegrationService } from '../integrations/service.ts';
import type { Clock } from '../lib/clock.ts';
import type { LoginService } from '../login/login-service.ts';
import type { MailOutbox } from '../mail/outbox-repository.ts';
import type { HealthService } from '../ops/health.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { RequestResolver } from '../request/resolver.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import type { AccountSharing } from '../settings/account-sharing.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreService } from '../stores/service.ts';
import type { TrustService } from '../trust/service.ts';

export interface Services {
  /** Readiness: does the database answer (GET /health/ready). */
  health: HealthService;
  /** Prometheus metrics, or null when off (KEYFRONT_METRICS). */
  metrics: Metrics | null;
  clock: Clock;
  /** Store view, website and caller of each request: every door resolves them here, once. */
  requests: RequestResolver;
  config: ConfigService;
  sharing: AccountSharing;
  stores: StoreService;
  directory: Directory;
  accounts: AccountService;
  authentication: AuthenticationService;
  admins: AdminUserService;
  tokens: TokenService;
  throttle: LoginThrottle;
  login: LoginService;
  keys: KeyRing;
  /** JWT signing keys (stored, rotated, published as a JWK Set). */
  jwtKeys: JwtKeyService;
  roles: RoleService;
  integrations: IntegrationService;
  addresses: AddressService;
  customerSearch: CustomerSearchService;
  groups: GroupService;
  attributeMetadata: AttributeMetadataService;
  passwords: PasswordService;
  confirmations: ConfirmationService;
  resetLimiter: ResetRequestLimiter;
  outbox: MailOutbox;
  newsletter: NewsletterService;
  /** Storefront sessions (server-side, shared by every process through the database). */
  sessions: SessionStore;
  /** Admin-page sessions and the admins' second factor (doors/admin/). */
  adminSessions: AdminSessionStore;
  twoFactor: TwoFactorService;
  /** Introspection and the gateway check, for services that trust Keyfront's tokens. */
  trust: TrustService;
}
