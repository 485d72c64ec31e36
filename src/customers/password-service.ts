// Password change, reset and reset links (Magento's AccountManagement::changePasswordById,
// initiatePasswordReset, resetPassword, validateResetPasswordLinkToken). Reset tokens are stored
// only as sha256 hashes: a leaked database gives no working link.
import { timingSafeEqual } from 'node:crypto';
import { checkPasswordNotEmail, checkPasswordStrength } from '../auth/password-policy.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import { USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import { generateToken, hashToken, type TokenService } from '../auth/token-service.ts';
import { AuthenticationError, InputError, NoSuchEntityError, StateError } from '../errors/domain-errors.ts';
import { formatDateTime, parseDateTime, type Clock } from '../lib/clock.ts';
import type { CustomerMailer } from '../mail/customer-mail.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { Transactor } from '../db/database.ts';
import type { RequestContext } from '../request/context.ts';
import type { AccountSharing } from '../settings/account-sharing.ts';
import type { AuthenticationService } from './authentication-service.ts';
import type { CustomerRepository, CustomerRow, Db } from './repository.ts';
import type { ResetRequestLimiter } from './reset-request-limiter.ts';
import type { SecurityEvents } from '../ops/security-events.ts';

export const EMAIL_RESET = 'email_reset';
export const EMAIL_REMINDER = 'email_reminder';

export interface PasswordServiceDeps {
  repository: CustomerRepository;
  transactor: Transactor;
  authentication: AuthenticationService;
  sharing: AccountSharing;
  config: ConfigService;
  hasher: PasswordHasher;
  mailer: CustomerMailer;
  limiter: ResetRequestLimiter;
  tokens: TokenService;
  /** Storefront sessions: a changed password signs the customer out everywhere else too. */
  sessions: { destroyForCustomer(customerId: number): Promise<void> };
  clock: Clock;
  events?: SecurityEvents;
}

export class PasswordService {
  constructor(private readonly deps: PasswordServiceDeps) {}

  /**
   * PUT /V1/customers/me/password. The current password is checked as Magento's
   * Authentication::authenticate does (lock first; a failure counts towards the lockout). On
   * success every other token of the customer ends: whoever stole one loses it with the old password.
   */
  async changePassword(ctx: RequestContext, customerId: number, currentPassword: string, newPassword: string): Promise<true> {
    const { repository, hasher, authentication, clock } = this.deps;
    if (!(await repository.findRowById(customerId))) throw NoSuchEntityError.byField('customerId', customerId);
    let row: CustomerRow;
    try {
      row = await authentication.verifyPassword(ctx, customerId, currentPassword);
    } catch (error) {
      if (error instanceof AuthenticationError && error.code === 'customer.invalid_login') {
        throw new AuthenticationError('password.current_mismatch');
      }
      throw error;
    }
    checkPasswordNotEmail(newPassword, row.email);
    checkPasswordStrength(newPassword, await authentication.passwordRules(ctx.store));
    const hash = await hasher.hash(newPassword);
    const currentTokenId = ctx.principal.type === 'customer' ? ctx.principal.tokenId : null;
    await repository.updateCustomer(ctx.tx, customerId, {
      password_hash: hash,
      rp_token: null,
      rp_token_created_at: null,
      updated_at: formatDateTime(clock.now()),
    });
    // Every other token ends (opaque rows and, through "revoked before", JWTs) on every process.
    await this.deps.tokens.revokeOthers(USER_TYPE_CUSTOMER, customerId, currentTokenId ?? 0);
    await this.deps.sessions.destroyForCustomer(customerId);
    this.deps.events?.passwordChanged(customerId, ctx.ip);
    return true;
  }

  /** PUT /V1/customers/password: a reset (or reminder) mail with a fresh link, limited as Magento_Security limits it. */
  async initiatePasswordReset(ctx: RequestContext, email: string, template: string, websiteId: number | null | undefined): Promise<true> {
    const { limiter, mailer } = this.deps;
    await limiter.check(ctx.store, email, ctx.ip);
    const website = websiteId ?? ctx.store.websiteId;
    const row = await this.findByEmail(email, website);
    if (template !== EMAIL_REMINDER && template !== EMAIL_RESET) {
      throw new InputError('password.invalid_template', {
        value: template,
        fieldName: 'template',
        template1: EMAIL_REMINDER,
        template2: EMAIL_RESET,
      });
    }
    const token = generateToken();
    const scope = await mailer.scopeFor(row.store_id);
    await this.deps.transactor.transaction(ctx, async (tx) => {
      await this.storeResetToken(tx, row.entity_id, token);
      await mailer.enqueue(tx, scope, template, recipientOf(row), { resetToken: token });
    });
    this.deps.events?.passwordResetRequested(row.entity_id, ctx.ip);
    return true;
  }

  /** POST /V1/customers/resetPassword. Without an email the customer is the one holding the token. */
  async resetPassword(ctx: RequestContext, email: string, resetToken: string, newPassword: string): Promise<true> {
    const { repository, hasher, clock, authentication } = this.deps;
    let row: CustomerRow;
    if (email === '') {
      row = await this.findByToken(resetToken);
    } else {
      row = await this.findByEmail(email, ctx.store.websiteId);
    }
    await this.checkResetToken(row, resetToken);
    checkPasswordNotEmail(newPassword, email === '' ? row.email : email);
    checkPasswordStrength(newPassword, await authentication.passwordRules(ctx.store));
    const hash = await hasher.hash(newPassword);
    // A successful reset also lifts a lockout (Authentication::unlock), and ends every token. The
    // token is consumed by the write itself: of parallel resets with one token, one wins, the
    // others find the token gone and get the mismatch error.
    const consumed = await repository.consumeResetToken(ctx.tx, row.entity_id, hashToken(resetToken), {
      password_hash: hash,
      failures_num: 0,
      first_failure: null,
      lock_expires: null,
      updated_at: formatDateTime(clock.now()),
    });
    if (!consumed) throw new InputError('password.reset_token_mismatch');
    await this.deps.tokens.revokeAll(USER_TYPE_CUSTOMER, row.entity_id);
    await this.deps.sessions.destroyForCustomer(row.entity_id);
    this.deps.events?.passwordReset(row.entity_id, ctx.ip);
    return true;
  }

  /** GET /V1/customers/:customerId/password/resetLinkToken/:token. */
  async validateResetPasswordLinkToken(_ctx: RequestContext, customerId: number, resetToken: string): Promise<true> {
    if (customerId <= 0) {
      throw new InputError('input.invalid_value', { value: customerId, fieldName: 'customerId' });
    }
    if (resetToken === '') throw InputError.required('resetPasswordLinkToken');
    const row = await this.deps.repository.findRowById(customerId);
    if (!row) throw NoSuchEntityError.byField('customerId', customerId);
    await this.checkResetToken(row, resetToken);
    return true;
  }

  /** Whether a mailed reset link still works (the storefront checks it when the page opens). */
  async checkResetLink(resetToken: string): Promise<true> {
    await this.checkResetToken(await this.findByToken(resetToken), resetToken);
    return true;
  }

  /** Stores a fresh reset link's hash and creation time, inside the caller's transaction. */
  async storeResetToken(tx: Db, customerId: number, token: string): Promise<void> {
    await this.deps.repository.updateCustomer(tx, customerId, { rp_token: hashToken(token), rp_token_created_at: formatDateTime(this.deps.clock.now()) });
  }

  private async checkResetToken(row: CustomerRow, resetToken: string): Promise<void> {
    if (typeof resetToken !== 'string' || resetToken === '') throw InputError.required('resetPasswordLinkToken');
    if (!row.rp_token || !sameHash(row.rp_token, hashToken(resetToken))) {
      throw new InputError('password.reset_token_mismatch');
    }
    if (await this.isExpired(row)) throw new StateError('password.reset_token_expired');
  }

  /** AccountManagement::isResetPasswordLinkTokenExpired, whole hours as Magento counts them. */
  private async isExpired(row: CustomerRow): Promise<boolean> {
    if (!row.rp_token || !row.rp_token_created_at) return true;
    const period = await this.deps.config.getNumber('customer/password/reset_link_expiration_period');
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    const created = Math.floor(parseDateTime(row.rp_token_created_at).getTime() / 1000);
    if (created > now) return true;
    return Math.floor((now - created) / 3600) >= period;
  }

  private async findByEmail(email: string, websiteId: number): Promise<CustomerRow> {
    const [row] = email.trim() === '' ? [] : await this.deps.repository.findRowsByEmail(email, await this.deps.sharing.emailScope(websiteId));
    if (!row) throw NoSuchEntityError.byTwoFields('email', email, 'websiteId', websiteId);
    return row;
  }

  /** AccountManagement::matchCustomerByRpToken, by the token's hash. */
  private async findByToken(resetToken: string): Promise<CustomerRow> {
    const rows = await this.deps.repository.findRowsByResetTokenHash(hashToken(resetToken));
    if (rows.length > 1) throw new StateError('password.reset_token_ambiguous');
    if (rows.length === 0) throw NoSuchEntityError.byField('rp_token', resetToken);
    return rows[0];
  }
}

export function recipientOf(row: CustomerRow) {
  return { id: row.entity_id, email: row.email, firstname: row.firstname, middlename: row.middlename, lastname: row.lastname, storeId: row.store_id };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
