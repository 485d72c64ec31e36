// The token endpoints (Magento's CustomerTokenService / AdminTokenService): validate, throttle,
// authenticate, issue. Every failure answers the same message, whatever its cause.
import type { AdminUserService } from '../admin/service.ts';
import type { AccountService } from '../customers/account-service.ts';
import type { AuthenticationService } from '../customers/authentication-service.ts';
import type { Customer } from '../customers/model.ts';
import { AuthenticationError, InputError, InputErrors } from '../errors/domain-errors.ts';
import type { RequestContext } from '../request/context.ts';
import type { ConfigService } from '../settings/service.ts';
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import { THROTTLE_ADMIN, THROTTLE_CUSTOMER, type LoginThrottle } from '../auth/throttle.ts';
import type { TokenService } from '../auth/token-service.ts';

export class LoginService {
  constructor(
    private readonly accounts: AccountService,
    private readonly authentication: AuthenticationService,
    private readonly admins: AdminUserService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly config: ConfigService,
  ) {}

  async createCustomerToken(ctx: RequestContext, username: unknown, password: unknown): Promise<string> {
    let customerId: number;
    try {
      customerId = await this.checkCustomerCredentials(ctx, username, password);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new AuthenticationError('auth.sign_in_failed');
      throw error;
    }
    return this.tokens.issueForLogin(USER_TYPE_CUSTOMER, customerId, ctx.store);
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
    await this.guard(user, THROTTLE_CUSTOMER);
    const customerId = await this.authentication.authenticate(ctx, user, pass);
    await this.throttle.reset(user, THROTTLE_CUSTOMER);
    return customerId;
  }

  async createAdminToken(_ctx: RequestContext, username: unknown, password: unknown): Promise<string> {
    const [user, pass] = requireCredentials(username, password);
    await this.guard(user, THROTTLE_ADMIN);
    const admin = await this.admins.authenticate(user, pass);
    await this.throttle.reset(user, THROTTLE_ADMIN);
    return this.tokens.issueForLogin(USER_TYPE_ADMIN, admin.id);
  }

  private async guard(userName: string, type: number): Promise<void> {
    const limits = await this.config.getNumbers(['oauth/authentication_lock/max_failures_count', 'oauth/authentication_lock/timeout']);
    const allowed = await this.throttle.reserveAttempt(userName, type, {
      maxFailures: limits['oauth/authentication_lock/max_failures_count'],
      timeoutSeconds: limits['oauth/authentication_lock/timeout'],
    });
    if (!allowed) throw new AuthenticationError('auth.sign_in_failed');
  }
}

/** Magento's CredentialsValidator: both must be non-empty strings, else one aggregate 400. */
function requireCredentials(username: unknown, password: unknown): [string, string] {
  const errors = new InputErrors();
  if (typeof username !== 'string' || username === '') errors.add(InputError.required('username'));
  if (typeof password !== 'string' || password === '') errors.add(InputError.required('password'));
  errors.throwIfAny();
  return [username as string, password as string];
}
