// Account confirmation (AccountManagement::activate, activateById, getConfirmationStatus,
// resendConfirmation) and the mail a new account gets.
//
// The confirmation key is stored as Magento stores it, in clear: it is part of the customer data
// (`confirmation`, which admin clients read and pass to /activate), and it grants nothing but
// "this address received our mail" — signing in still needs the password. Comparisons are
// constant-time all the same.
import { timingSafeEqual } from 'node:crypto';
import { generateToken } from '../auth/token-service.ts';
import { InputError, NoSuchEntityError, StateError } from '../errors/domain-errors.ts';
import { formatDateTime, type Clock } from '../lib/clock.ts';
import type { CustomerMailer } from '../mail/customer-mail.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { Transactor } from '../db/database.ts';
import type { RequestContext } from '../request/context.ts';
import type { AccountSharing } from '../settings/account-sharing.ts';
import type { AccountCreated, AccountService } from './account-service.ts';
import type { Customer } from './model.ts';
import { recipientOf, type PasswordService } from './password-service.ts';
import type { CustomerRepository, CustomerRow } from './repository.ts';
import type { Executor as Db } from '../db/database.ts';

export const ACCOUNT_CONFIRMED = 'account_confirmed';
export const ACCOUNT_CONFIRMATION_REQUIRED = 'account_confirmation_required';
export const ACCOUNT_CONFIRMATION_NOT_REQUIRED = 'account_confirmation_not_required';

export interface ConfirmationServiceDeps {
  repository: CustomerRepository;
  transactor: Transactor;
  sharing: AccountSharing;
  accounts: AccountService;
  passwords: PasswordService;
  config: ConfigService;
  mailer: CustomerMailer;
  clock: Clock;
}

export class ConfirmationService {
  constructor(private readonly deps: ConfirmationServiceDeps) {}

  /** PUT /V1/customers/:email/activate: the customer of this email in the URL's website. */
  async activate(ctx: RequestContext, email: string, confirmationKey: string): Promise<Customer> {
    const websiteId = ctx.store.websiteId;
    const [row] = await this.deps.repository.findRowsByEmail(email, await this.deps.sharing.emailScope(websiteId));
    if (!row) throw NoSuchEntityError.byTwoFields('email', email, 'websiteId', websiteId);
    return this.activateRow(ctx, row, confirmationKey);
  }

  /**
   * PUT /V1/customers/me/activate. An unconfirmed customer cannot sign in, so this serves the
   * customer who already holds a token when confirmation becomes required (or an admin sets a key),
   * exactly as Magento's activateById does.
   */
  async activateById(ctx: RequestContext, customerId: number, confirmationKey: string): Promise<Customer> {
    const row = await this.deps.repository.findRowById(customerId);
    if (!row) throw NoSuchEntityError.byField('customerId', customerId);
    return this.activateRow(ctx, row, confirmationKey);
  }

  /** GET /V1/customers/:customerId/confirm. */
  async confirmationStatus(_ctx: RequestContext, customerId: number): Promise<string> {
    const row = await this.deps.repository.findRowById(customerId);
    if (!row) throw NoSuchEntityError.byField('customerId', customerId);
    if (!(await this.isConfirmationRequired(row))) return ACCOUNT_CONFIRMATION_NOT_REQUIRED;
    return row.confirmation ? ACCOUNT_CONFIRMATION_REQUIRED : ACCOUNT_CONFIRMED;
  }

  /** POST /V1/customers/confirm: the confirmation mail again. */
  async resendConfirmation(ctx: RequestContext, email: string, websiteId: number, redirectUrl: string): Promise<true> {
    const [row] = await this.deps.repository.findRowsByEmail(email, await this.deps.sharing.emailScope(websiteId));
    if (!row) throw NoSuchEntityError.byTwoFields('email', email, 'websiteId', websiteId);
    if (!row.confirmation) throw new StateError('confirmation.not_needed');
    const key = row.confirmation;
    const scope = await this.deps.mailer.scopeFor(row.store_id);
    await this.deps.mailer.enqueue(ctx.tx, scope, 'confirmation', recipientOf(row), { confirmationKey: key, backUrl: redirectUrl });
    return true;
  }

  /**
   * createAccount's mail, in its transaction (AccountManagement::sendEmailConfirmation): confirm
   * the address when that is required, else welcome; without a password, a link to set one.
   */
  readonly onCreate = async (store: StoreView) => {
    const scope = await this.deps.mailer.scopeFor(store.id);
    return async (tx: Db, account: AccountCreated): Promise<void> => {
      const recipient = { id: account.id, email: account.email, firstname: account.firstname, middlename: account.middlename, lastname: account.lastname, storeId: account.storeId };
      if (account.confirmation && account.hasPassword) {
        await this.deps.mailer.enqueue(tx, scope, 'confirmation', recipient, { confirmationKey: account.confirmation, backUrl: account.redirectUrl });
      } else if (!account.hasPassword) {
        const token = generateToken();
        await this.deps.passwords.storeResetToken(tx, account.id, token);
        await this.deps.mailer.enqueue(tx, scope, 'registered_no_password', recipient, { resetToken: token });
      } else {
        await this.deps.mailer.enqueue(tx, scope, 'registered', recipient);
      }
    };
  };

  private async activateRow(ctx: RequestContext, row: CustomerRow, confirmationKey: string): Promise<Customer> {
    if (!row.confirmation) throw new StateError('confirmation.already_active');
    if (!sameKey(row.confirmation, confirmationKey)) throw new InputError('confirmation.invalid_key');
    const scope = await this.deps.mailer.scopeFor(row.store_id);
    await this.deps.transactor.transaction(ctx, async (tx) => {
      await this.deps.repository.updateCustomer(tx, row.entity_id, { confirmation: null, updated_at: formatDateTime(this.deps.clock.now()) });
      await this.deps.mailer.enqueue(tx, scope, 'confirmed', recipientOf(row));
    });
    return this.deps.accounts.getById(ctx, row.entity_id);
  }

  /** AccountConfirmation::isConfirmationRequired, for the customer's website. */
  private async isConfirmationRequired(row: CustomerRow): Promise<boolean> {
    return this.deps.config.getFlag('customer/create_account/confirm', { id: row.store_id, websiteId: row.website_id });
  }
}

function sameKey(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(String(given));
  return a.length === b.length && timingSafeEqual(a, b);
}
