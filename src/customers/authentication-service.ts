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
import type { SecurityEvents } from '../ops/security-events.ts';
import type { CustomerRepository, CustomerRow, LockoutFields } from './repository.ts';

export interface AuthenticationServiceDeps {
  repository: CustomerRepository;
  stores: StoreService;
  config: ConfigService;
  sharing: AccountSharing;
  hasher: PasswordHasher;
  clock: Clock;
  events?: SecurityEvents;
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
    if (hasher.needsRehash(row.password_hash)) await repository.updateCustomer(ctx.tx, row.entity_id, { password_hash: await hasher.hash(password) });
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

  /** Magento's admin "Unlock": the failure count and the lock are cleared. */
  async unlock(_ctx: RequestContext, customerId: number): Promise<void> {
    await this.deps.repository.clearFailures(customerId);
  }

  /** Which of these customers are locked out now (the admin grid's Account Lock column). */
  async lockedAmong(_ctx: RequestContext, ids: readonly number[]): Promise<Set<number>> {
    return new Set(await this.deps.repository.lockedAmong(ids, formatDateTime(this.deps.clock.now())));
  }

  countLocked(_ctx: RequestContext): Promise<number> {
    return this.deps.repository.countLocked(formatDateTime(this.deps.clock.now()));
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
   *
   * The attempt is counted *before* the password is checked, in one atomic step on the row (as the
   * token throttle counts), so a burst of parallel guesses runs at most `lockout_failures` checks:
   * the attempt that reaches the limit locks the account first, and a right password then unlocks it.
   */
  private async checkPassword(found: CustomerRow | undefined, password: string, store: StoreView): Promise<CustomerRow & { password_hash: string }> {
    const { hasher, repository, clock } = this.deps;
    const refuse = async (code: 'customer.invalid_login' | 'customer.locked'): Promise<never> => {
      await hasher.verifyDummy(password);
      throw new AuthenticationError(code);
    };
    if (!found || !found.password_hash) return refuse('customer.invalid_login');
    const limits = await this.lockoutLimits(store);
    const now = clock.now();
    const counted = await repository.countCheck(found.entity_id, (row) => nextFailureCount(row, limits, now));
    if (!counted || !counted.row.password_hash) return refuse('customer.invalid_login');
    const row = counted.row as CustomerRow & { password_hash: string };
    if (counted.written?.lock_expires && !row.lock_expires) this.deps.events?.accountLocked(row.entity_id, counted.written.lock_expires);
    if (isLocked(row.lock_expires, now)) return refuse('customer.locked');
    if (!(await hasher.verify(password, row.password_hash))) {
      throw new AuthenticationError(isLocked(counted.written?.lock_expires ?? null, now) ? 'customer.locked' : 'customer.invalid_login');
    }
    if (counted.written || row.failures_num !== 0 || row.first_failure !== null || row.lock_expires !== null) await repository.clearFailures(row.entity_id);
    return { ...row, failures_num: 0, first_failure: null, lock_expires: null };
  }

  private async lockoutLimits(store: StoreView): Promise<LockoutLimits> {
    const { config } = this.deps;
    return {
      maxFailures: await config.getNumber('customer/password/lockout_failures', store),
      thresholdMinutes: await config.getNumber('customer/password/lockout_threshold', store),
    };
  }
}

interface LockoutLimits {
  maxFailures: number;
  thresholdMinutes: number;
}

function isLocked(lockExpires: string | null, now: Date): boolean {
  return lockExpires !== null && parseDateTime(lockExpires) > now;
}

/**
 * Magento's Authentication::processAuthenticationFailure, applied to the attempt about to run: the
 * first failure (or the first after a lock ran out) starts a new count; the `lockout_failures`-th
 * locks the account for `lockout_threshold` minutes; either setting at 0 turns lockout off (null:
 * nothing to count). A locked account is not counted further. The lock is an instant compared
 * with the clock, so it really expires.
 */
export function nextFailureCount(row: Pick<CustomerRow, 'failures_num' | 'first_failure' | 'lock_expires'>, limits: LockoutLimits, now: Date): LockoutFields | null {
  if (!(limits.maxFailures > 0 && limits.thresholdMinutes > 0)) return null;
  if (isLocked(row.lock_expires, now)) return null;
  const lockUntil = formatDateTime(new Date(now.getTime() + limits.thresholdMinutes * 60_000));
  const failures = row.failures_num + 1;
  if (failures === 1 || row.first_failure === null || row.lock_expires !== null) {
    return { failures_num: 1, first_failure: formatDateTime(now), lock_expires: limits.maxFailures <= 1 ? lockUntil : null };
  }
  return { failures_num: failures, first_failure: row.first_failure, lock_expires: failures >= limits.maxFailures ? lockUntil : null };
}
