// The token endpoints (Magento's CustomerTokenService / AdminTokenService): validate, throttle,
// authenticate, issue. Every failure answers the same message, whatever its cause.
import type { AdminUser, AdminUserService } from '../admin/service.ts';
import type { AccountService } from '../customers/account-service.ts';
import type { AuthenticationService } from '../customers/authentication-service.ts';
import type { Customer } from '../customers/model.ts';
import { AuthenticationError, InputError, InputErrors } from '../errors/domain-errors.ts';
import type { RequestContext } from '../request/context.ts';
import type { ConfigService } from '../settings/service.ts';
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import { THROTTLE_ADMIN, THROTTLE_CUSTOMER, type LoginThrottle } from '../auth/throttle.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { SecurityEvents, SignInOutcome } from '../ops/security-events.ts';
import type { SignInRepository } from './sign-in-repository.ts';

const THROTTLE_MAX_FAILURES = 'oauth/authentication_lock/max_failures_count';
const THROTTLE_TIMEOUT = 'oauth/authentication_lock/timeout';

export class LoginService {
  constructor(
    private readonly accounts: AccountService,
    private readonly authentication: AuthenticationService,
    private readonly admins: AdminUserService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly config: ConfigService,
    private readonly signIns: SignInRepository,
    private readonly events?: SecurityEvents,
  ) {}

  /**
   * POST /V1/integration/customer/token. Three statements around the hash on PostgreSQL: the
   * throttle's count (which also reads the configuration's version, so the settings come from
   * this process's snapshot when it is current), the look-up with the account's lockout count,
   * and the writes that end it (counters cleared, token inserted: SignInRepository).
   */
  async createCustomerToken(ctx: RequestContext, username: unknown, password: unknown): Promise<string> {
    const [user, pass] = requireCredentials(username, password);
    try {
      const guessed = await this.config.lastSnapshot();
      const attempt = await this.throttle.countAttempt(user, THROTTLE_CUSTOMER, guessed.getNumber(THROTTLE_TIMEOUT));
      const settings = await this.config.snapshotAt(attempt.configVersion);
      if (attempt.count > settings.getNumber(THROTTLE_MAX_FAILURES)) throw new ThrottledError();
      const { customerId, failuresToClear } = await this.authentication.authenticateForSignIn(ctx, user, pass, settings);
      const issued = await this.tokens.prepareForSignIn(USER_TYPE_CUSTOMER, customerId, ctx.store, settings);
      await this.signIns.complete({ clearFailuresOf: failuresToClear ? customerId : null, throttle: { name: this.throttle.keyOf(user), userType: THROTTLE_CUSTOMER }, token: issued.row });
      this.events?.signIn('customer', 'success', { userId: customerId, ip: ctx.ip });
      return issued.token;
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      this.events?.signIn('customer', outcomeOf(error), { userName: user, ip: ctx.ip });
      throw new AuthenticationError('auth.sign_in_failed');
    }
  }

  /**
   * A customer signing in with email and password, under the token endpoint's throttle and the
   * account's lockout; the storefront's login form uses it too. Failures keep their own message
   * (AuthenticationError); each door decides how much of it to show.
   */
  async signInCustomer(ctx: RequestContext, username: unknown, password: unknown): Promise<Customer> {
    return this.accounts.getById(ctx, await this.checkCustomerCredentials(ctx, username, password));
  }

  private async checkCustomerCredentials(ctx: RequestContext, username: unknown, password: unknown): Promise<number> {
    const [user, pass] = requireCredentials(username, password);
    try {
      await this.guard(user, THROTTLE_CUSTOMER);
      const customerId = await this.authentication.authenticate(ctx, user, pass);
      await this.throttle.reset(user, THROTTLE_CUSTOMER);
      this.events?.signIn('customer', 'success', { userId: customerId, ip: ctx.ip });
      return customerId;
    } catch (error) {
      if (error instanceof AuthenticationError) this.events?.signIn('customer', outcomeOf(error), { userName: user, ip: ctx.ip });
      throw error;
    }
  }

  async createAdminToken(ctx: RequestContext, username: unknown, password: unknown): Promise<string> {
    const [user, pass] = requireCredentials(username, password);
    let adminId: number;
    try {
      await this.guard(user, THROTTLE_ADMIN);
      adminId = (await this.admins.authenticate(user, pass)).id;
      await this.throttle.reset(user, THROTTLE_ADMIN);
    } catch (error) {
      if (error instanceof AuthenticationError) this.events?.signIn('admin', outcomeOf(error), { userName: user, ip: ctx.ip });
      throw error;
    }
    this.events?.signIn('admin', 'success', { userId: adminId, ip: ctx.ip });
    return this.tokens.issueForLogin(USER_TYPE_ADMIN, adminId);
  }

  /**
   * The admin pages' sign-in: the same throttle bucket as the admin token endpoint (a guess
   * counts against both), with Magento's admin lockout settings (admin/security/lockout_failures,
   * lockout_threshold in minutes).
   */
  async signInAdmin(_ctx: RequestContext, username: unknown, password: unknown): Promise<AdminUser> {
    const [user, pass] = requireCredentials(username, password);
    const limits = await this.config.getNumbers(['admin/security/lockout_failures', 'admin/security/lockout_threshold']);
    await this.guard(user, THROTTLE_ADMIN, { maxFailures: limits['admin/security/lockout_failures'], timeoutSeconds: limits['admin/security/lockout_threshold'] * 60 });
    const admin = await this.admins.authenticate(user, pass);
    await this.throttle.reset(user, THROTTLE_ADMIN);
    return admin;
  }

  /** The admin user grid's "Unlock": the throttle forgets the user name's failures. */
  unlockAdmin(username: string): Promise<void> {
    return this.throttle.reset(username, THROTTLE_ADMIN);
  }

  private async guard(userName: string, type: number, given?: { maxFailures: number; timeoutSeconds: number }): Promise<void> {
    let limits = given;
    if (!limits) {
      const c = await this.config.getNumbers([THROTTLE_MAX_FAILURES, THROTTLE_TIMEOUT]);
      limits = { maxFailures: c[THROTTLE_MAX_FAILURES], timeoutSeconds: c[THROTTLE_TIMEOUT] };
    }
    const allowed = await this.throttle.reserveAttempt(userName, type, limits);
    if (!allowed) throw new ThrottledError();
  }
}

/** The throttle's refusal: the same code and message as any failure, told apart only in the log. */
class ThrottledError extends AuthenticationError {
  constructor() {
    super('auth.sign_in_failed');
  }
}

function outcomeOf(error: AuthenticationError): SignInOutcome {
  if (error instanceof ThrottledError) return 'throttled';
  return error.code === 'customer.locked' ? 'locked' : 'failed';
}

/** Magento's CredentialsValidator: both must be non-empty strings, else one aggregate 400. */
function requireCredentials(username: unknown, password: unknown): [string, string] {
  const errors = new InputErrors();
  if (typeof username !== 'string' || username === '') errors.add(InputError.required('username'));
  if (typeof password !== 'string' || password === '') errors.add(InputError.required('password'));
  errors.throwIfAny();
  return [username as string, password as string];
}
