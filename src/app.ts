// Composition root: options → database → services → doors. Nothing else wires things.
import { RoleService } from './admin/roles.ts';
import { AdminUserService } from './admin/service.ts';
import { Authenticator } from './auth/authenticator.ts';
import { KeyRing } from './auth/secrets.ts';
import { IntegrationRepository } from './integrations/repository.ts';
import { IntegrationService } from './integrations/service.ts';
import { LoginService } from './auth/login-service.ts';
import { Argon2PasswordHasher } from './auth/passwords.ts';
import { LoginThrottle } from './auth/throttle.ts';
import { TokenRepository } from './auth/token-repository.ts';
import { TokenService } from './auth/token-service.ts';
import { AccountService } from './customers/account-service.ts';
import { AddressService } from './customers/address-service.ts';
import { AttributeMetadataService } from './customers/attribute-metadata.ts';
import { ConfirmationService } from './customers/confirmation-service.ts';
import { PasswordService } from './customers/password-service.ts';
import { ResetRequestLimiter } from './customers/reset-request-limiter.ts';
import { CustomerMailer } from './mail/customer-mail.ts';
import { MailOutbox } from './mail/outbox.ts';
import { CustomerRepository } from './customers/repository.ts';
import { CustomerSearchService } from './customers/search.ts';
import { GroupRepository } from './groups/repository.ts';
import { GroupService } from './groups/service.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Directory } from './directory/service.ts';
import { OffsetClock } from './lib/clock.ts';
import { baseUrlFor, type KeyfrontOptions } from './options.ts';
import type { Services } from './services.ts';
import { ConfigRepository } from './settings/repository.ts';
import { ConfigService } from './settings/service.ts';
import { StoreRepository } from './stores/repository.ts';
import { StoreService } from './stores/service.ts';
import { SessionStore } from './sessions/session-store.ts';

export async function openServices(options: KeyfrontOptions): Promise<Services> {
  const database = await openDatabase(options.databaseUrl);
  return buildServices(database, options);
}

export function buildServices(database: Database, options: KeyfrontOptions): Services {
  const { db, dialect } = database;
  const clock = new OffsetClock(options.clockOffsetSeconds);
  const hasher = new Argon2PasswordHasher(options.argon2, {
    concurrency: options.hashConcurrency,
    queueLimit: options.hashQueueLimit,
    onVerify: options.tracePasswordChecks ? () => process.stderr.write('keyfront-trace: password check\n') : undefined,
  });
  const config = new ConfigService(new ConfigRepository(db));
  config.useBaseUrl(baseUrlFor(options.host, options.port));
  const stores = new StoreService(db, new StoreRepository(db));
  const directory = new Directory();
  const repository = new CustomerRepository(db, dialect);
  const customers = repository;
  const outbox = new MailOutbox(db);
  const mailer = new CustomerMailer(outbox, stores, config, clock);
  // The welcome mail is written inside createAccount's transaction (see ConfirmationService.onCreate).
  const accounts = new AccountService({ repository, stores, config, hasher, directory, clock, onCreate: (store) => confirmations.onCreate(store) });
  const resetLimiter = new ResetRequestLimiter(db, dialect, config, clock);
  const admins = new AdminUserService(db, dialect, hasher, clock);
  const keys = new KeyRing(db, clock, options.secret);
  const roles = new RoleService(db, dialect);
  const tokens = new TokenService({ repository: new TokenRepository(db), clock, db, dialect, keys, config, roles });
  const sessions = new SessionStore(db, clock);
  const passwords = new PasswordService({ repository, accounts, config, hasher, mailer, limiter: resetLimiter, tokens, sessions, clock });
  const confirmations: ConfirmationService = new ConfirmationService({ repository, accounts, passwords, config, mailer, clock });
  const integrations = new IntegrationService(new IntegrationRepository(db, dialect), keys, config, clock);
  const authenticator = new Authenticator(tokens, integrations);
  const throttle = new LoginThrottle(db, dialect, clock);
  const login = new LoginService(accounts, admins, tokens, throttle, config);
  const addresses = new AddressService(customers, accounts);
  const customerSearch = new CustomerSearchService(db, dialect, (a) => accounts.fillRegion(a));
  const groups = new GroupService(new GroupRepository(db, dialect), config, stores, clock);
  const attributeMetadata = new AttributeMetadataService(config);
  return { database, clock, config, stores, directory, accounts, admins, tokens, throttle, login, addresses, customerSearch, groups, attributeMetadata, keys, roles, integrations, authenticator, passwords, confirmations, resetLimiter, outbox, sessions };
}

/** bin/keyfront setup:upgrade, and the first start: migrations, then Magento's default scopes and groups. */
export async function setupUpgrade(services: Services): Promise<string[]> {
  // Several processes may start on one new database at once: whoever loses a race (a lock, a
  // duplicate default row) tries again and then finds the work done.
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migrateToLatest(services.database);
      await services.stores.ensureDefaults();
      await ensureCustomerGroups(services);
      await services.keys.key('jwt-hs256'); // generates and stores the master secret on first start (unless KEYFRONT_SECRET)
      return applied;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function ensureCustomerGroups(services: Services): Promise<void> {
  const { db } = services.database;
  const existing = await db.selectFrom('customer_group').select('customer_group_id').execute();
  if (existing.length > 0) return;
  await db
    .insertInto('customer_group')
    .values([
      { customer_group_id: 0, customer_group_code: 'NOT LOGGED IN', tax_class_id: 3 },
      { customer_group_id: 1, customer_group_code: 'General', tax_class_id: 3 },
      { customer_group_id: 2, customer_group_code: 'Wholesale', tax_class_id: 3 },
      { customer_group_id: 3, customer_group_code: 'Retailer', tax_class_id: 3 },
    ])
    .execute();
}
