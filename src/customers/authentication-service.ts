// Magento's Authentication model for customers: the one place a customer's password is checked,
// under the account lockout (customer/password/lockout_failures, lockout_threshold).
import type { PasswordHasher } from '../auth/passwords.ts';
import type { PasswordPolicy } from '../auth/password-policy.ts';
import { AuthenticationError } from '../errors/domain-errors.ts';
import { formatDateTime, parseDateTime, type Clock } from '../lib/clock.ts';
import type { RequestContext } from '../request/context.ts';
import type { AccountSharing } from '../settings/account-sharing.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { CustomerRepository, CustomerRow } from './repository.ts';

export interface AuthenticationServiceDeps {
  repository: CustomerRepository;
  stores: StoreService;
  config: ConfigService;
  sharing: AccountSharing;
  hasher: PasswordHasher;
  clock: Clock;
}

export class AuthenticationService {
  constructor(private readonly deps: AuthenticationServiceDeps) {}

  /**
   * AccountManagement::authenticate: the id of the customer of this email in the context's
   * website, if the password is right, the account not locked and (when required) confirmed.
   * A hash from Magento (or at an older cost) is upgraded while the password is at hand.
   */
  async authenticate(ctx: RequestContext, email: string, password: string): Promise<number> {
    const { repository, hasher, config, sharing } = this.deps;
    const [found] = await repository.findRowsByEmail(email, await sharing.emailScope(ctx.store.websiteId));
    const row = await this.checkPassword(found, password, ctx.store);
    if (row.confirmation && (await config.getFlag('customer/create_account/confirm', ctx.store))) {
      throw new AuthenticationError('customer.not_confirmed');
    }
    const fields: Partial<CustomerRow> = {};
    if (row.failures_num !== 0 || row.lock_expires) Object.assign(fields, { failures_num: 0, first_failure: null, lock_expires: null });
    if (hasher.needsRehash(row.password_hash)) fields.password_hash = await hasher.hash(password);
    if (Object.keys(fields).length > 0) await repository.updateCustomer(ctx.tx, row.entity_id, fields);
    return row.entity_id;
  }

  /**
   * The current password of a signed-in customer (Authentication::authenticate by id), under the
   * lockout of the context's store view. Returns the customer's row, read once, for the next step.
   */
  async verifyPassword(ctx: RequestContext, customerId: number, password: string): Promise<CustomerRow> {
    const row = await this.deps.repository.findRowById(customerId);
    return this.checkPassword(row, password, ctx.store);
  }

  /** The password rules of a store view, for forms that show them before the customer types. */
  async passwordRules(store: StoreView): Promise<PasswordPolicy> {
    const { config } = this.deps;
    return {
      minLength: await config.getNumber('customer/password/minimum_password_length', store),
      requiredClasses: await config.getNumber('customer/password/required_character_classes_number', store),
    };
  }

  /**
   * A locked account answers "The account is locked." whatever the password; a wrong password
   * counts towards the lockout (and says "locked" when it is the failure that locks); an unknown
   * customer costs a dummy verification, so the answer's time does not tell whether it exists.
   */
  private async checkPassword(row: CustomerRow | undefined, password: string, store: StoreView): Promise<CustomerRow & { password_hash: string }> {
    const { hasher } = this.deps;
    if (!row || !row.password_hash) {
      await hasher.verifyDummy(password);
      throw new AuthenticationError('customer.invalid_login');
    }
    if (row.lock_expires && parseDateTime(row.lock_expires) > this.deps.clock.now()) {
      await hasher.verifyDummy(password);
      throw new AuthenticationError('customer.locked');
    }
    if (!(await hasher.verify(password, row.password_hash))) {
      const locked = await this.recordFailure(row, store);
      throw new AuthenticationError(locked ? 'customer.locked' : 'customer.invalid_login');
    }
    return row as CustomerRow & { password_hash: string };
  }

  /**
   * Magento's Authentication::processAuthenticationFailure: the first failure (or the first after a
   * lock ran out) starts a new count; the `lockout_failures`-th locks the account for
   * `lockout_threshold` minutes; either setting at 0 turns lockout off. Answers whether the
   * account is locked now. The lock is an instant compared with the clock, so it really expires.
   */
  private async recordFailure(row: CustomerRow, store: StoreView): Promise<boolean> {
    const { config, clock } = this.deps;
    const maxFailures = await config.getNumber('customer/password/lockout_failures', store);
    const thresholdMinutes = await config.getNumber('customer/password/lockout_threshold', store);
    if (!(maxFailures > 0 && thresholdMinutes > 0)) return false;
    const now = clock.now();
    const lockExpired = row.lock_expires !== null && parseDateTime(row.lock_expires) <= now;
    const failures = row.failures_num + 1;
    if (failures === 1 || row.first_failure === null || lockExpired) {
      await this.deps.repository.recordFailure(row.entity_id, { failures_num: 1, first_failure: formatDateTime(now), lock_expires: null });
      return false;
    }
    const lock = failures >= maxFailures ? formatDateTime(new Date(now.getTime() + thresholdMinutes * 60_000)) : row.lock_expires;
    await this.deps.repository.recordFailure(row.entity_id, { failures_num: failures, first_failure: row.first_failure, lock_expires: lock });
    return lock !== null && parseDateTime(lock) > now;
  }
}
