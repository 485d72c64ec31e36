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
import type { LockoutRepository } from './lockout-repository.ts';
import { ACCOUNT_SHARE_PATH } from '../settings/account-sharing.ts';
import type { ConfigSnapshot } from '../settings/service.ts';

/** A right password: the customer, and whether its lockout counters are still to be cleared. */
export interface Authenticated {
  customerId: number;
  /** The caller clears them (LoginService folds it into the statement that issues the token). */
  failuresToClear: boolean;
}

/** The settings a password check reads: a snapshot already confirmed current, or read at use. */
interface CheckSettings {
  number(path: string, store: StoreView): Promise<number>;
}

export interface AuthenticationServiceDeps {
  repository: CustomerRepository;
  lockout: LockoutRepository;
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
    const checked = await this.check(ctx, email, password, null);
    if (checked.failuresToClear) await this.deps.repository.clearFailures(checked.customerId);
    return checked.customerId;
  }

  /**
   * The same, for the token endpoint: settings from a snapshot the caller confirmed current, the
   * look-up and the lockout count in one statement where the database allows, and the counters
   * left for the caller to clear with its own next statement.
   */
  authenticateForSignIn(ctx: RequestContext, email: string, password: string, settings: ConfigSnapshot): Promise<Authenticated> {
    return this.check(ctx, email, password, settings);
  }

  private async check(ctx: RequestContext, email: string, password: string, snapshot: ConfigSnapshot | null): Promise<Authenticated> {
    const { repository, hasher, config, sharing, lockout } = this.deps;
    const settings: CheckSettings = snapshot ? { number: async (path, store) => snapshot.getNumber(path, store) } : { number: (path, store) => config.getNumber(path, store) };
    const scope = snapshot ? (snapshot.getNumber(ACCOUNT_SHARE_PATH) === 0 ? null : ctx.store.websiteId) : await sharing.emailScope(ctx.store.websiteId);
    const limits = await this.lockoutLimits(ctx.store, settings);
    let counted: Counted | null;
    if (lockout.countsInOneStatement && countsFailures(limits)) {
      const now = this.deps.clock.now();
      counted = await lockout.findAndCount(email, scope, { now: formatDateTime(now), lockUntil: lockUntil(limits, now), maxFailures: limits.maxFailures });
      if (!counted) await this.refuse(password, 'customer.invalid_login');
    } else {
      const [found] = await repository.findRowsByEmail(email, scope);
      counted = await this.count(found, password, limits);
    }
    const row = await this.judge(counted!, password);
    if (row.confirmation && (await settings.number('customer/create_account/confirm', ctx.store)) !== 0) {
      throw new AuthenticationError('customer.not_confirmed');
    }
    if (hasher.needsRehash(row.password_hash)) await repository.updateCustomer(ctx.tx, row.entity_id, { password_hash: await hasher.hash(password) });
    return { customerId: row.entity_id, failuresToClear: failuresToClear(counted!) };
  }

  /**
   * The current password of a signed-in customer (Authentication::authenticate by id), under the
   * lockout of the context's store view. Returns the customer's row, read once, for the next step.
   */
  async verifyPassword(ctx: RequestContext, customerId: number, password: string): Promise<CustomerRow> {
    const config = this.deps.config;
    const limits = await this.lockoutLimits(ctx.store, { number: (path, store) => config.getNumber(path, store) });
    const counted = await this.count(await this.deps.repository.findRowById(customerId), password, limits);
    const row = await this.judge(counted, password);
    if (failuresToClear(counted)) await this.deps.repository.clearFailures(row.entity_id);
    return { ...row, failures_num: 0, first_failure: null, lock_expires: null };
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
  private async count(found: CustomerRow | undefined, password: string, limits: LockoutLimits): Promise<Counted> {
    if (!found || !found.password_hash) return this.refuse(password, 'customer.invalid_login');
    const now = this.deps.clock.now();
    const counted = await this.deps.repository.countCheck(found.entity_id, (row) => nextFailureCount(row, limits, now));
    if (!counted) return this.refuse(password, 'customer.invalid_login');
    return counted;
  }

  /** The counted attempt's answer: the row when the password is right, else the refusal. */
  private async judge(counted: Counted, password: string): Promise<CustomerRow & { password_hash: string }> {
    const { hasher, clock } = this.deps;
    if (!counted.row.password_hash) return this.refuse(password, 'customer.invalid_login');
    const row = counted.row as CustomerRow & { password_hash: string };
    const now = clock.now();
    if (counted.written?.lock_expires && !row.lock_expires) this.deps.events?.accountLocked(row.entity_id, counted.written.lock_expires);
    if (isLocked(row.lock_expires, now)) return this.refuse(password, 'customer.locked');
    if (!(await hasher.verify(password, row.password_hash))) {
      throw new AuthenticationError(isLocked(counted.written?.lock_expires ?? null, now) ? 'customer.locked' : 'customer.invalid_login');
    }
    return row;
  }

  private async refuse(password: string, code: 'customer.invalid_login' | 'customer.locked'): Promise<never> {
    await this.deps.hasher.verifyDummy(password);
    throw new AuthenticationError(code);
  }

  private async lockoutLimits(store: StoreView, settings: CheckSettings): Promise<LockoutLimits> {
    return {
      maxFailures: await settings.number('customer/password/lockout_failures', store),
      thresholdMinutes: await settings.number('customer/password/lockout_threshold', store),
    };
  }
}

type Counted = { row: CustomerRow; written: LockoutFields | null };

/** Whether a right password leaves counters to clear (this attempt's count, or older failures). */
function failuresToClear({ row, written }: Counted): boolean {
  return written !== null || row.failures_num !== 0 || row.first_failure !== null || row.lock_expires !== null;
}

function countsFailures(limits: LockoutLimits): boolean {
  return limits.maxFailures > 0 && limits.thresholdMinutes > 0;
}

function lockUntil(limits: LockoutLimits, now: Date): string {
  return formatDateTime(new Date(now.getTime() + limits.thresholdMinutes * 60_000));
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
  if (!countsFailures(limits)) return null;
  if (isLocked(row.lock_expires, now)) return null;
  const until = lockUntil(limits, now);
  const failures = row.failures_num + 1;
  if (failures === 1 || row.first_failure === null || row.lock_expires !== null) {
    return { failures_num: 1, first_failure: formatDateTime(now), lock_expires: limits.maxFailures <= 1 ? until : null };
  }
  return { failures_num: failures, first_failure: row.first_failure, lock_expires: failures >= limits.maxFailures ? until : null };
}
