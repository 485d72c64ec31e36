// Composition root: options → database → repositories → services → doors. Nothing else wires things.
import { RoleRepository } from './admin/role-repository.ts';
import { AdminUserRepository } from './admin/repository.ts';
import { RoleService } from './admin/roles.ts';
import { AdminSessionRepository } from './admin/session-repository.ts';
import { AdminSessionStore } from './admin/session-store.ts';
import { TfaRepository } from './admin/tfa-repository.ts';
import { TwoFactorService } from './admin/tfa.ts';
import { AdminUserService } from './admin/service.ts';
import { JwtKeyRepository } from './auth/jwt-key-repository.ts';
import { JwtKeyService } from './auth/jwt-keys.ts';
import { Argon2PasswordHasher } from './auth/passwords.ts';
import { SecretRepository } from './auth/secret-repository.ts';
import { KeyRing } from './auth/secrets.ts';
import { ThrottleRepository } from './auth/throttle-repository.ts';
import { LoginThrottle } from './auth/throttle.ts';
import { TokenRepository } from './auth/token-repository.ts';
import { TokenService } from './auth/token-service.ts';
import { AccountScope } from './customers/account-scope.ts';
import { AccountService } from './customers/account-service.ts';
import { AddressBook } from './customers/address-book.ts';
import { AddressService } from './customers/address-service.ts';
import { AttributeMetadataService } from './customers/attribute-metadata.ts';
import { AuthenticationService } from './customers/authentication-service.ts';
import { ConfirmationService } from './customers/confirmation-service.ts';
import { NewsletterService } from './customers/newsletter-service.ts';
import { PasswordService } from './customers/password-service.ts';
import { CustomerRepository } from './customers/repository.ts';
import { SignedInRepository } from './customers/signed-in-repository.ts';
import { LockoutRepository } from './customers/lockout-repository.ts';
import { SignInRepository } from './login/sign-in-repository.ts';
import { ResetRequestLimiter } from './customers/reset-request-limiter.ts';
import { ResetRequestRepository } from './customers/reset-request-repository.ts';
import { CustomerSearchRepository, CustomerSearchService } from './customers/search-repository.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrations/migrate.ts';
import { pino } from 'pino';
import { HealthRepository } from './ops/health-repository.ts';
import { HealthService } from './ops/health.ts';
import type { Metrics } from './ops/metrics.ts';
import { SecurityEvents } from './ops/security-events.ts';
import { Directory } from './directory/service.ts';
import type { Services } from './doors/services.ts';
import { GroupRepository } from './groups/repository.ts';
import { GroupService } from './groups/service.ts';
import { IntegrationRepository } from './integrations/repository.ts';
import { IntegrationService } from './integrations/service.ts';
import { OffsetClock } from './lib/clock.ts';
import { LoginService } from './login/login-service.ts';
import { CustomerMailer } from './mail/customer-mail.ts';
import { MailOutbox } from './mail/outbox-repository.ts';
import { baseUrlFor, type KeyfrontOptions } from './options.ts';
import { Authenticator } from './request/authenticator.ts';
import { RequestResolver } from './request/resolver.ts';
import { SessionRepository } from './sessions/session-repository.ts';
import { SessionStore } from './sessions/session-store.ts';
import { AccountSharing } from './settings/account-sharing.ts';
import { ConfigRepository } from './settings/repository.ts';
import { ConfigService } from './settings/service.ts';
import { StoreRepository } from './stores/repository.ts';
import { StoreService } from './stores/service.ts';
import { TrustService } from './trust/service.ts';

/** The services, plus what only the composition root, the CLI and tests hold: the database itself. */
export interface App extends Services {
  database: Database;
  /** Repositories setup:upgrade seeds through. */
  groupRepository: GroupRepository;
  /** Closes the database and ends the password-hashing threads. */
  close(): Promise<void>;
}

export async function openServices(options: KeyfrontOptions): Promise<App> {
  const database = await openDatabase(options.databaseUrl, { timeoutMs: options.dbTimeoutMs });
  // prom-client (and what it loads) only when metrics are on: most processes never serve /metrics.
  const metricsClass = options.metrics ? (await import('./ops/metrics.ts')).Metrics : undefined;
  return buildServices(database, options, metricsClass);
}

/** `metricsClass`: ops/metrics.ts's Metrics, required when `options.metrics` (openServices loads it). */
export function buildServices(database: Database, options: KeyfrontOptions, metricsClass?: typeof Metrics): App {
  if (options.metrics && !metricsClass) throw new Error('buildServices: options.metrics needs the Metrics class');
  const clock = new OffsetClock(options.clockOffsetSeconds);
  const hasher = new Argon2PasswordHasher(options.argon2, {
    concurrency: options.hashConcurrency,
    queueLimit: options.hashQueueLimit,
    threads: options.hashThreads,
    onVerify: options.tracePasswordChecks ? () => process.stderr.write('keyfront-trace: password check\n') : undefined,
  });
  const outbox = new MailOutbox(database);
  const metrics = metricsClass && options.metrics
    ? new metricsClass({ hashQueue: () => hasher.queue(), outboxBacklog: () => outbox.backlog(), pool: () => database.poolStats(), statements: () => database.statementCount() })
    : null;
  // Security events go to the same stream as the HTTP log (stderr), at info, as structured fields.
  const events = new SecurityEvents(pino({ level: options.logLevel, base: { component: 'security' } }, process.stderr), metrics);
  const configRepository = new ConfigRepository(database);
  const config = new ConfigService(configRepository);
  config.useBaseUrl(baseUrlFor(options.host, options.port));
  const stores = new StoreService(database, new StoreRepository(database));
  const directory = new Directory();

  const customerRepository = new CustomerRepository(database);
  const sharing = new AccountSharing(config, { repository: configRepository, transactor: database, emails: customerRepository });
  const tokenRepository = new TokenRepository(database);
  const groupRepository = new GroupRepository(database);
  const mailer = new CustomerMailer(outbox, stores, config, clock);
  const addressBook = new AddressBook(customerRepository, config, directory);
  const authentication = new AuthenticationService({ repository: customerRepository, lockout: new LockoutRepository(database), stores, config, sharing, hasher, clock, events });
  // The welcome mail is written inside createAccount's transaction (see ConfirmationService.onCreate).
  const accounts = new AccountService({
    repository: customerRepository,
    signedIn: new SignedInRepository(database),
    tokens: tokenRepository,
    groups: groupRepository,
    transactor: database,
    stores,
    config,
    sharing,
    hasher,
    addressBook,
    scope: new AccountScope(stores),
    authentication,
    clock,
    onCreate: (store) => confirmations.onCreate(store),
  });
  const resetLimiter = new ResetRequestLimiter(new ResetRequestRepository(database), config, clock);
  const admins = new AdminUserService(new AdminUserRepository(database), hasher, clock);
  const keys = new KeyRing(new SecretRepository(database), clock, options.secret);
  const roles = new RoleService(new RoleRepository(database));
  const jwtKeys = new JwtKeyService(new JwtKeyRepository(database), keys, config, clock);
  const tokens = new TokenService({ repository: tokenRepository, clock, jwtKeys, config, grants: roles, events });
  const sessions = new SessionStore(new SessionRepository(database), clock);
  const passwords = new PasswordService({ repository: customerRepository, transactor: database, authentication, sharing, config, hasher, mailer, limiter: resetLimiter, tokens, sessions, clock, events });
  const confirmations: ConfirmationService = new ConfirmationService({ repository: customerRepository, transactor: database, sharing, accounts, passwords, config, mailer, clock });
  const integrations = new IntegrationService(new IntegrationRepository(database), keys, config, clock);
  const requests = new RequestResolver(stores, new Authenticator(tokens, integrations), sharing, clock);
  const throttleRepository = new ThrottleRepository(database);
  const throttle = new LoginThrottle(throttleRepository, clock);
  const signIns = new SignInRepository(database, { customers: customerRepository, throttle: throttleRepository, tokens: tokenRepository });
  const login = new LoginService(accounts, authentication, admins, tokens, throttle, config, signIns, events);
  const addresses = new AddressService(customerRepository, database, accounts, addressBook);
  const customerSearch = new CustomerSearchService(new CustomerSearchRepository(database), (a) => addressBook.fillRegion(a));
  const groups = new GroupService(groupRepository, customerRepository, database, config, stores, clock);
  const attributeMetadata = new AttributeMetadataService(config);
  const adminSessions = new AdminSessionStore(new AdminSessionRepository(database), clock);
  const twoFactor = new TwoFactorService(new TfaRepository(database), keys, clock, throttle, config, options.adminTwoFactor);
  const newsletter = new NewsletterService(customerRepository, config);
  const trust = new TrustService(tokens, integrations, config, stores);
  return {
    close: async () => {
      await hasher.close();
      await database.close();
    },
    adminSessions,
    twoFactor,
    database,
    groupRepository,
    health: new HealthService(new HealthRepository(database)),
    metrics,
    clock,
    requests,
    config,
    sharing,
    stores,
    directory,
    accounts,
    authentication,
    admins,
    tokens,
    throttle,
    login,
    addresses,
    customerSearch,
    groups,
    attributeMetadata,
    keys,
    jwtKeys,
    roles,
    integrations,
    passwords,
    confirmations,
    resetLimiter,
    outbox,
    sessions,
    newsletter,
    trust,
  };
}

/** bin/keyfront setup:upgrade, and the first start: migrations, then Magento's default scopes and groups. */
export async function setupUpgrade(services: App): Promise<string[]> {
  // Several processes may start on one new database at once: whoever loses a race (a lock, a
  // duplicate default row) tries again and then finds the work done.
  for (let attempt = 1; ; attempt++) {
    try {
      // Migrations may take long on a big database: no statement timeout while they run.
      return await services.database.withoutTimeouts(async () => {
        const applied = await migrateToLatest(services.database);
        await services.stores.ensureDefaults();
        await services.groupRepository.ensureDefaults();
        await services.keys.key('jwt-hs256'); // generates and stores the master secret on first start (unless KEYFRONT_SECRET)
        await services.jwtKeys.ensureLegacyKey();
        return applied;
      });
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
