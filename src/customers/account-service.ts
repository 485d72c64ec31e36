// Customer accounts: create, read, save, delete. The one place these rules live; REST, GraphQL,
// the storefront and the CLI all call here. Signing in is AuthenticationService's; the address
// book's validation and writing is AddressBook's; which store and website a record belongs to is
// AccountScope's.
import { randomBytes } from 'node:crypto';
import { principalHolds } from '../auth/acl.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import { checkPasswordNotEmail, checkPasswordStrength } from '../auth/password-policy.ts';
import type { TokenRepository } from '../auth/token-repository.ts';
import { USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import type { Executor, Transactor } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AuthenticationError, AuthorizationError, InputError, NoSuchEntityError, StateError } from '../errors/domain-errors.ts';
import type { GroupRepository } from '../groups/repository.ts';
import { formatDateTime, parseDateTime, type Clock } from '../lib/clock.ts';
import type { RequestContext } from '../request/context.ts';
import type { Preload } from '../request/resolver.ts';
import type { AccountSharing } from '../settings/account-sharing.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { AccountScope } from './account-scope.ts';
import { attributesJson, emptyToNull, type AddressBook } from './address-book.ts';
import type { AuthenticationService } from './authentication-service.ts';
import type { Customer, CustomerInput } from './model.ts';
import { normalizeEmail, type CustomerRepository, type CustomerRow } from './repository.ts';
import { SignedInReader } from './signed-in-reader.ts';
import type { SignedInRepository } from './signed-in-repository.ts';
import { assertCustomerFields, customerFieldMessages, isBlank, isValidEmail, normalizeDob } from './validation.ts';

/** What a new account hook learns, inside the creating transaction (e.g. to enqueue the welcome mail). */
export interface AccountCreated {
  id: number;
  email: string;
  firstname: string;
  middlename: string | null;
  lastname: string;
  storeId: number;
  hasPassword: boolean;
  /** The confirmation key, when the account must be confirmed before sign-in. */
  confirmation: string | null;
  redirectUrl: string;
}

export interface AccountServiceDeps {
  repository: CustomerRepository;
  /** The token and the signed-in customer in one statement (preloadSignedIn). */
  signedIn: SignedInRepository;
  tokens: TokenRepository;
  groups: GroupRepository;
  transactor: Transactor;
  stores: StoreService;
  config: ConfigService;
  sharing: AccountSharing;
  hasher: PasswordHasher;
  addressBook: AddressBook;
  scope: AccountScope;
  authentication: AuthenticationService;
  clock: Clock;
  /**
   * createAccount's hook (e.g. the welcome mail): called with the store before the transaction
   * (reads belong there); the function it returns runs inside the transaction, so what it writes
   * commits or rolls back with the account.
   */
  onCreate?: (store: StoreView) => Promise<(tx: Executor, account: AccountCreated) => Promise<void>>;
}

export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /** The customer with this id, with region codes filled in from the directory. */
  async getById(ctx: RequestContext, id: number): Promise<Customer> {
    // Read with the token in this request (preloadSignedIn), unless a transaction must see its own writes.
    const preloaded = ctx.tx ? undefined : ctx.preloaded?.customer;
    const customer = preloaded?.id === id ? preloaded : await this.deps.repository.findById(id, ctx.tx);
    if (!customer) throw NoSuchEntityError.byField('customerId', id);
    return this.deps.addressBook.withRegionCodes(customer);
  }

  /**
   * For a door about to read the signed-in customer (GET /V1/customers/me, GraphQL `customer`):
   * pass it to RequestResolver.resolve and the token check reads the customer in the same statement.
   */
  preloadSignedIn(): SignedInReader {
    return new SignedInReader(this.deps.signedIn, this.deps.tokens);
  }

  /** The same for an admin about to read customer `id` (GET /V1/customers/:id): token and customer in one statement. */
  preloadCustomer(id: number): Preload {
    return new SignedInReader(this.deps.signedIn, this.deps.tokens, id);
  }

  /** AccountManagement::createAccount: a new customer with its addresses, all or nothing. */
  async createAccount(ctx: RequestContext, input: CustomerInput, password: string | null | undefined, redirectUrl = ''): Promise<Customer> {
    const { config, hasher, sharing } = this.deps;
    if (input.groupId !== null && input.groupId !== undefined && !principalHolds(ctx.principal, ['Magento_Customer::manage'])) {
      // Magento's fix for group escalation (AccountManagementApi): only a caller holding
      // Magento_Customer::manage may choose the group, checked before anything else.
      throw new AuthorizationError(['Magento_Customer::manage']);
    }
    const email = (input.email ?? '').trim();
    if (password !== null && password !== undefined) {
      checkPasswordStrength(password, await this.deps.authentication.passwordRules(ctx.store));
      checkPasswordNotEmail(password, email);
    }
    const { store, websiteId } = await this.deps.scope.forCreate(ctx, input);
    if (email === '') throw new InputError('customer.email_missing');
    if ((await this.deps.repository.findRowsByEmail(email, await sharing.emailScope(websiteId))).length > 0) throw new StateError('customer.email_taken');
    assertCustomerFields(input, this.today());
    const groupId = input.groupId ?? (await config.getNumber('customer/create_account/default_group', store));
    await this.assertGroupExists(groupId);
    const prepared = await this.deps.addressBook.prepare(input.addresses ?? [], store);

    const passwordHash = password ? await hasher.hash(password) : null;
    const now = formatDateTime(this.deps.clock.now());
    const confirmation = passwordHash && (await config.getFlag('customer/create_account/confirm', store)) ? randomBytes(16).toString('hex') : null;
    const inTransaction = await this.deps.onCreate?.(store);
    const names = { firstname: input.firstname!.trim(), middlename: emptyToNull(input.middlename), lastname: input.lastname!.trim() };
    try {
      const id = await this.deps.transactor.transaction(ctx, async (tx) => {
        const customerId = await this.deps.repository.insertCustomer(tx, {
          ...names,
          website_id: websiteId,
          email_scope: await sharing.emailScopeIn(tx, websiteId),
          email,
          email_normalized: normalizeEmail(email),
          group_id: groupId,
          store_id: store.id,
          created_at: now,
          updated_at: now,
          disable_auto_group_change: input.disableAutoGroupChange ?? 0,
          created_in: store.name,
          prefix: emptyToNull(input.prefix),
          suffix: emptyToNull(input.suffix),
          dob: input.dob ? normalizeDob(input.dob) : null,
          password_hash: passwordHash,
          taxvat: emptyToNull(input.taxvat),
          confirmation,
          gender: input.gender ?? null,
          is_subscribed: input.isSubscribed ? 1 : 0,
          custom_attributes: attributesJson(input.customAttributes),
        });
        await this.deps.addressBook.write(tx, customerId, prepared, [], now, { billing: null, shipping: null });
        await inTransaction?.(tx, { id: customerId, email, ...names, storeId: store.id, hasPassword: passwordHash !== null, confirmation, redirectUrl });
        return customerId;
      });
      return this.getById(ctx, id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StateError('customer.email_taken');
      throw error;
    }
  }

  /**
   * A customer saving their own account (PUT /V1/customers/me). The id comes from the token; the
   * group, website and store stay as they are, whatever the body says. Fields left out keep their
   * values; an `addresses` array replaces the address book.
   */
  async updateOwnAccount(ctx: RequestContext, customerId: number, input: CustomerInput): Promise<Customer> {
    return this.saveCustomer(ctx, { ...input, id: customerId }, 'self');
  }

  /**
   * CustomerRepository::save (PUT /V1/customers/:id, POST /V1/customers/, and /me through
   * updateOwnAccount). With an id it updates that customer, without one it creates a customer
   * (no password, no mail: that is createAccount's business). Semantics, as in Magento 2.4:
   * - fields left out keep their stored values; firstname, lastname, email and (for admins)
   *   website_id must be sent, as Magento's attribute validator treats a missing one as empty;
   * - `addresses` left out leaves the address book and the default addresses alone; an array
   *   replaces the book (listed ids are updated, new ones inserted, the rest deleted);
   * - a customer-level default_billing/default_shipping must name one of the sent addresses;
   * - group_id left out keeps the group (a new customer gets the store's default group);
   * - an email change clears a pending password-reset token.
   * In 'self' mode (a customer's own token) group, website and store can never change.
   */
  async saveCustomer(ctx: RequestContext, input: CustomerInput, mode: 'admin' | 'self'): Promise<Customer> {
    for (const type of ['default_billing', 'default_shipping'] as const) {
      const wanted = type === 'default_billing' ? input.defaultBilling : input.defaultShipping;
      if (!wanted || !input.addresses || input.addresses.length === 0) continue;
      if (!input.addresses.some((a) => Math.trunc(Number(wanted)) === (a.id ?? 0))) {
        throw new InputError('input.invalid_field_value', { fieldName: type });
      }
    }
    const id = input.id ?? null;
    const existing = id !== null && id !== 0 ? await this.deps.repository.findRowById(id) : undefined;
    if (id !== null && id !== 0 && !existing) throw NoSuchEntityError.byField('customerId', id);
    const admin = mode === 'admin';
    const merged = mergeForSave(input, existing, admin);
    let groupId = existing?.group_id ?? null;
    if (admin && input.groupId !== null && input.groupId !== undefined) {
      // CustomerRepository::validateGroupId checks only a non-zero group.
      if (input.groupId !== 0) await this.assertGroupExists(input.groupId);
      groupId = input.groupId;
    }
    const { store, websiteId } = admin ? await this.deps.scope.forAdminSave(ctx, input, existing) : await this.deps.scope.forSelfSave(ctx, existing!);
    if (isBlank(merged.email)) throw new InputError('customer.email_missing');
    const email = merged.email!.trim();
    const emailChanged = !existing || normalizeEmail(email) !== existing.email_normalized || (websiteId !== null && websiteId !== existing.website_id);
    if (emailChanged && websiteId !== null) {
      const clash = await this.deps.repository.findRowsByEmail(email, await this.deps.sharing.emailScope(websiteId));
      if (clash.some((c) => c.entity_id !== existing?.entity_id)) throw new StateError('customer.email_taken');
    }
    const messages = customerFieldMessages(merged, this.today());
    if (websiteId === null) messages.unshift('"Associate to Website" is a required value.');
    if (messages.length > 0) throw new InputError('customer.invalid_fields', undefined, messages.join('\n'));
    groupId ??= await this.deps.config.getNumber('customer/create_account/default_group', store);
    const prepared = input.addresses ? await this.deps.addressBook.prepare(input.addresses, store) : null;
    const now = formatDateTime(this.deps.clock.now());
    const fields: Partial<CustomerRow> = {
      email,
      email_normalized: normalizeEmail(email),
      firstname: merged.firstname!.trim(),
      lastname: merged.lastname!.trim(),
      middlename: emptyToNull(merged.middlename),
      prefix: emptyToNull(merged.prefix),
      suffix: emptyToNull(merged.suffix),
      dob: merged.dob ? normalizeDob(merged.dob) : null,
      taxvat: emptyToNull(merged.taxvat),
      gender: merged.gender ?? null,
      group_id: groupId,
      website_id: websiteId!,
      store_id: store.id,
      updated_at: now,
    };
    if (admin && input.disableAutoGroupChange !== null && input.disableAutoGroupChange !== undefined) fields.disable_auto_group_change = input.disableAutoGroupChange;
    if (input.isSubscribed !== undefined && input.isSubscribed !== null) fields.is_subscribed = input.isSubscribed ? 1 : 0;
    if (input.customAttributes) fields.custom_attributes = attributesJson(input.customAttributes);
    // A pending password-reset link must not survive a change of the address it was sent to.
    if (existing && normalizeEmail(email) !== existing.email_normalized) Object.assign(fields, { rp_token: null, rp_token_created_at: null });
    try {
      const savedId = await this.deps.transactor.transaction(ctx, async (tx) => {
        let customerId: number;
        if (existing) {
          customerId = existing.entity_id;
          await this.deps.repository.updateCustomer(tx, customerId, { ...fields, email_scope: await this.deps.sharing.emailScopeIn(tx, websiteId!) });
        } else {
          customerId = await this.deps.repository.insertCustomer(tx, {
            ...(fields as Required<typeof fields>),
            email_scope: await this.deps.sharing.emailScopeIn(tx, websiteId!),
            created_at: now,
            disable_auto_group_change: input.disableAutoGroupChange ?? 0,
            created_in: store.name,
            password_hash: null,
            confirmation: null,
            is_subscribed: input.isSubscribed ? 1 : 0,
            custom_attributes: attributesJson(input.customAttributes),
          });
        }
        if (prepared) {
          const current = existing ? await this.deps.repository.addressRows(customerId, tx) : [];
          await this.deps.addressBook.write(tx, customerId, prepared, current.map((a) => a.entity_id), now, {
            billing: idOrNull(input.defaultBilling) ?? existing?.default_billing ?? null,
            shipping: idOrNull(input.defaultShipping) ?? existing?.default_shipping ?? null,
          });
        }
        return customerId;
      });
      return this.getById(ctx, savedId);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StateError('customer.email_taken');
      throw error;
    }
  }

  /** CustomerRepository::deleteById: the customer, its addresses and its API tokens, in one transaction. */
  async deleteCustomer(ctx: RequestContext, customerId: number): Promise<boolean> {
    const { repository, tokens } = this.deps;
    if (!(await repository.findRowById(customerId))) throw NoSuchEntityError.byField('customerId', customerId);
    await this.deps.transactor.transaction(ctx, async (tx) => {
      await tokens.deleteForUser(USER_TYPE_CUSTOMER, customerId, tx);
      await repository.deleteCustomer(tx, customerId);
    });
    return true;
  }

  /** AccountManagement::isReadonly: no customer is read-only in Magento's default install. */
  async isReadonly(_ctx: RequestContext, customerId: number): Promise<boolean> {
    if (!(await this.deps.repository.findRowById(customerId))) throw NoSuchEntityError.byField('customerId', customerId);
    return false;
  }

  /**
   * AccountManagement::isEmailAvailable as of 2.4.7: it reveals nothing (always true) unless
   * checkout/options/enable_guest_checkout_login is on for the website; then it answers truthfully.
   * No format check: an invalid address is simply "available".
   */
  async isEmailAvailable(ctx: RequestContext, email: string, websiteId: number | null | undefined): Promise<boolean> {
    const website = websiteId ?? ctx.store.websiteId;
    if (!(await this.deps.config.getFlag('checkout/options/enable_guest_checkout_login', { id: -1, websiteId: website }))) return true;
    return (await this.deps.repository.findRowsByEmail(email, await this.deps.sharing.emailScope(website))).length === 0;
  }

  /**
   * The customer behind a customer token, in one read (GraphQL's GetCustomer): a locked account
   * or one still awaiting confirmation is refused even with a valid token.
   */
  async getSignedIn(ctx: RequestContext, customerId: number): Promise<Customer> {
    const customer = await this.getById(ctx, customerId);
    if (customer.lockExpires && parseDateTime(customer.lockExpires) > this.deps.clock.now()) throw new AuthenticationError('customer.locked');
    if (customer.confirmation && (await this.deps.config.getFlag('customer/create_account/confirm', { id: customer.storeId, websiteId: customer.websiteId }))) {
      throw new AuthenticationError('customer.not_confirmed');
    }
    return customer;
  }

  /** CustomerRepository::get(email, website): the id of the account with this email in the store's website (any website when shared globally). */
  async idByEmail(ctx: RequestContext, email: string): Promise<number | null> {
    const [row] = await this.deps.repository.findRowsByEmail(email.trim(), await this.deps.sharing.emailScope(ctx.store.websiteId), ctx.tx);
    return row?.entity_id ?? null;
  }

  /** Authentication::isLocked: a lock that has not run out yet. */
  async isLocked(ctx: RequestContext, customerId: number): Promise<boolean> {
    const row = await this.deps.repository.findRowById(customerId, ctx.tx);
    return !!row?.lock_expires && parseDateTime(row.lock_expires) > this.deps.clock.now();
  }

  /**
   * AccountManagement::validate: Customer::validate's messages (names and email); addresses are
   * not validated here, as in Magento.
   */
  validateCustomer(_ctx: RequestContext, input: CustomerInput): { valid: boolean; messages: string[] } {
    const messages: string[] = [];
    if (isBlank(input.firstname)) messages.push('The "First Name" attribute value is empty. Set the attribute and try again.');
    if (isBlank(input.lastname)) messages.push('The "Last Name" attribute value is empty. Set the attribute and try again.');
    if (!isValidEmail((input.email ?? '').trim())) messages.push(`Please correct this email address: "${input.email ?? ''}".`);
    return { valid: messages.length === 0, messages };
  }

  private async assertGroupExists(groupId: number): Promise<void> {
    if (groupId === 0 || !(await this.deps.groups.findById(groupId))) throw new InputError('customer.group_not_found');
  }

  private today(): string {
    return formatDateTime(this.deps.clock.now()).slice(0, 10);
  }
}

/** A save's fields: an admin save sends the names and email it means; a customer's own save keeps what it leaves out. */
function mergeForSave(input: CustomerInput, existing: CustomerRow | undefined, admin: boolean): CustomerInput {
  const keep = <T>(given: T | undefined, stored: T): T => (given !== undefined ? given : stored);
  return {
    email: admin ? input.email : (input.email ?? existing!.email),
    firstname: admin ? input.firstname : (input.firstname ?? existing!.firstname),
    lastname: admin ? input.lastname : (input.lastname ?? existing!.lastname),
    middlename: keep(input.middlename, existing?.middlename ?? null),
    prefix: keep(input.prefix, existing?.prefix ?? null),
    suffix: keep(input.suffix, existing?.suffix ?? null),
    dob: keep(input.dob, existing?.dob ?? null),
    taxvat: keep(input.taxvat, existing?.taxvat ?? null),
    gender: keep(input.gender, existing?.gender ?? null),
  };
}

function idOrNull(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
