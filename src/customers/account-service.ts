// Customer accounts: create, read, update own account, sign in. The one place these rules live;
// REST, GraphQL, the storefront and the CLI all call here.
import { randomBytes } from 'node:crypto';
import { principalHolds } from '../auth/acl.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import { checkPasswordNotEmail, checkPasswordStrength } from '../auth/password-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Directory } from '../directory/service.ts';
import { AuthenticationError, AuthorizationError, InputError, InputErrors, NoSuchEntityError, StateError } from '../errors/domain-errors.ts';
import { formatDateTime, parseDateTime, type Clock } from '../lib/clock.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { Address, AddressInput, Customer, CustomerInput } from './model.ts';
import { normalizeEmail, type CustomerRepository, type CustomerRow, type Db, type NewAddressRow } from './repository.ts';
import { assertCustomerFields, customerFieldMessages, isBlank, isValidEmail, normalizeDob, validateAddress } from './validation.ts';

/** What every service call knows about the request: the store view of the URL and the caller. */
export interface RequestContext {
  store: StoreView;
  principal: Principal;
}

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
  stores: StoreService;
  config: ConfigService;
  hasher: PasswordHasher;
  directory: Directory;
  clock: Clock;
  /**
   * createAccount's hook (e.g. the welcome mail): called with the store before the transaction
   * (reads belong there); the function it returns runs inside the transaction, so what it writes
   * commits or rolls back with the account.
   */
  onCreate?: (store: StoreView) => Promise<(tx: Db, account: AccountCreated) => Promise<void>>;
}

export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /** The customer with this id, with region codes filled in from the directory. */
  async getById(id: number): Promise<Customer> {
    const customer = await this.deps.repository.findById(id);
    if (!customer) throw NoSuchEntityError.byField('customerId', id);
    return this.withRegionCodes(customer);
  }

  /** AccountManagement::createAccount: a new customer with its addresses, all or nothing. */
  async createAccount(ctx: RequestContext, input: CustomerInput, password: string | null | undefined, redirectUrl = ''): Promise<Customer> {
    const { config, hasher } = this.deps;
    if (input.groupId !== null && input.groupId !== undefined && !principalHolds(ctx.principal, ['Magento_Customer::manage'])) {
      // Magento's fix for group escalation (AccountManagementApi): only a caller holding
      // Magento_Customer::manage may choose the group, checked before anything else.
      throw new AuthorizationError(['Magento_Customer::manage']);
    }
    const email = (input.email ?? '').trim();
    if (password !== null && password !== undefined) {
      checkPasswordStrength(password, await this.passwordPolicy(ctx.store));
      checkPasswordNotEmail(password, email);
    }
    const { store, websiteId } = await this.resolveStoreForCreate(ctx, input);
    if (email === '') throw new InputError('customer.email_missing');
    const scopeWebsite = (await this.isGlobalSharing()) ? null : websiteId;
    if ((await this.deps.repository.findRowsByEmail(email, scopeWebsite)).length > 0) throw new StateError('customer.email_taken');
    assertCustomerFields(input, this.today());
    const groupId = input.groupId ?? (await config.getNumber('customer/create_account/default_group', store));
    await this.assertGroupExists(groupId);
    const prepared = await this.prepareAddresses(input.addresses ?? [], store);

    const passwordHash = password ? await hasher.hash(password) : null;
    const now = formatDateTime(this.deps.clock.now());
    const confirmation = passwordHash && (await config.getFlag('customer/create_account/confirm', store)) ? randomBytes(16).toString('hex') : null;
    const inTransaction = await this.deps.onCreate?.(store);
    try {
      const id = await this.deps.repository.db.transaction().execute(async (tx) => {
        const customerId = await this.deps.repository.insertCustomer(tx, {
          website_id: websiteId,
          email,
          email_normalized: normalizeEmail(email),
          group_id: groupId,
          store_id: store.id,
          created_at: now,
          updated_at: now,
          is_active: 1,
          disable_auto_group_change: input.disableAutoGroupChange ?? 0,
          created_in: store.name,
          prefix: emptyToNull(input.prefix),
          firstname: input.firstname!.trim(),
          middlename: emptyToNull(input.middlename),
          lastname: input.lastname!.trim(),
          suffix: emptyToNull(input.suffix),
          dob: input.dob ? normalizeDob(input.dob) : null,
          password_hash: passwordHash,
          rp_token: null,
          rp_token_created_at: null,
          default_billing: null,
          default_shipping: null,
          taxvat: emptyToNull(input.taxvat),
          confirmation,
          gender: input.gender ?? null,
          failures_num: 0,
          first_failure: null,
          lock_expires: null,
          is_subscribed: input.isSubscribed ? 1 : 0,
          custom_attributes: attributesJson(input.customAttributes),
        });
        await this.writeAddresses(tx, customerId, prepared, [], now, { billing: null, shipping: null });
        await inTransaction?.(tx, {
          id: customerId,
          email,
          firstname: input.firstname!.trim(),
          middlename: emptyToNull(input.middlename),
          lastname: input.lastname!.trim(),
          storeId: store.id,
          hasPassword: passwordHash !== null,
          confirmation,
          redirectUrl,
        });
        return customerId;
      });
      return this.getById(id);
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
    const keep = <T>(given: T | undefined, stored: T): T => (given !== undefined ? given : stored);
    const merged: CustomerInput = {
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
    let groupId = existing?.group_id ?? null;
    if (admin && input.groupId !== null && input.groupId !== undefined) {
      // CustomerRepository::validateGroupId checks only a non-zero group.
      if (input.groupId !== 0) await this.assertGroupExists(input.groupId);
      groupId = input.groupId;
    }
    const { store, websiteId } = admin ? await this.resolveStoreForSave(ctx, input, existing) : { store: (await this.deps.stores.viewById(existing!.store_id)) ?? ctx.store, websiteId: existing!.website_id };
    if (isBlank(merged.email)) throw new InputError('customer.email_missing');
    const email = merged.email!.trim();
    const emailChanged = !existing || normalizeEmail(email) !== existing.email_normalized || (websiteId !== null && websiteId !== existing.website_id);
    if (emailChanged && websiteId !== null) {
      const scopeWebsite = (await this.isGlobalSharing()) ? null : websiteId;
      const clash = await this.deps.repository.findRowsByEmail(email, scopeWebsite);
      if (clash.some((c) => c.entity_id !== existing?.entity_id)) throw new StateError('customer.email_taken');
    }
    const messages = customerFieldMessages(merged, this.today());
    if (websiteId === null) messages.unshift('"Associate to Website" is a required value.');
    if (messages.length > 0) throw new InputError('customer.invalid_fields', undefined, messages.join('\n'));
    groupId ??= await this.deps.config.getNumber('customer/create_account/default_group', store);
    const prepared = input.addresses ? await this.prepareAddresses(input.addresses, store) : null;
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
      const savedId = await this.deps.repository.db.transaction().execute(async (tx) => {
        let customerId: number;
        if (existing) {
          customerId = existing.entity_id;
          await this.deps.repository.updateCustomer(tx, customerId, fields);
        } else {
          customerId = await this.deps.repository.insertCustomer(tx, {
            ...(fields as Required<typeof fields>),
            created_at: now,
            is_active: 1,
            disable_auto_group_change: input.disableAutoGroupChange ?? 0,
            created_in: store.name,
            password_hash: null,
            rp_token: null,
            rp_token_created_at: null,
            default_billing: null,
            default_shipping: null,
            confirmation: null,
            failures_num: 0,
            first_failure: null,
            lock_expires: null,
            is_subscribed: input.isSubscribed ? 1 : 0,
            custom_attributes: attributesJson(input.customAttributes),
          });
        }
        if (prepared) {
          const current = existing ? await this.deps.repository.addressRows(customerId, tx) : [];
          await this.writeAddresses(tx, customerId, prepared, current.map((a) => a.entity_id), now, {
            billing: idOrNull(input.defaultBilling) ?? existing?.default_billing ?? null,
            shipping: idOrNull(input.defaultShipping) ?? existing?.default_shipping ?? null,
          });
        }
        return customerId;
      });
      return this.getById(savedId);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StateError('customer.email_taken');
      throw error;
    }
  }

  /** CustomerRepository::deleteById: the customer, its addresses and its API tokens. */
  async deleteCustomer(customerId: number): Promise<boolean> {
    const { repository } = this.deps;
    if (!(await repository.findRowById(customerId))) throw NoSuchEntityError.byField('customerId', customerId);
    await repository.db.transaction().execute((tx) => repository.deleteCustomer(tx, customerId));
    return true;
  }

  /** AccountManagement::isReadonly: no customer is read-only in Magento's default install. */
  async isReadonly(customerId: number): Promise<boolean> {
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
    const scope = (await this.isGlobalSharing()) ? null : website;
    return (await this.deps.repository.findRowsByEmail(email, scope)).length === 0;
  }

  /**
   * AccountManagement::validate: Customer::validate's messages (names and email); addresses are
   * not validated here, as in Magento.
   */
  validateCustomer(input: CustomerInput): { valid: boolean; messages: string[] } {
    const messages: string[] = [];
    if (isBlank(input.firstname)) messages.push('The "First Name" attribute value is empty. Set the attribute and try again.');
    if (isBlank(input.lastname)) messages.push('The "Last Name" attribute value is empty. Set the attribute and try again.');
    if (!isValidEmail((input.email ?? '').trim())) messages.push(`Please correct this email address: "${input.email ?? ''}".`);
    return { valid: messages.length === 0, messages };
  }

  /** Which view and website a repository save writes: the body's, else the stored ones, else the URL's. */
  private async resolveStoreForSave(ctx: RequestContext, input: CustomerInput, existing: CustomerRow | undefined): Promise<{ store: StoreView; websiteId: number | null }> {
    const { stores } = this.deps;
    const websiteId = input.websiteId ?? null;
    if (websiteId !== null) {
      const website = await stores.websiteById(websiteId);
      if (!website || website.id === 0) throw NoSuchEntityError.byField('websiteId', websiteId);
    }
    let store: StoreView | null = null;
    if (input.storeId !== null && input.storeId !== undefined) {
      store = await stores.viewById(input.storeId);
      if (!store || store.id === 0) throw NoSuchEntityError.byField('storeId', input.storeId);
      if (websiteId !== null && store.websiteId !== websiteId) throw new StateError('customer.store_not_in_website');
    }
    if (!store && existing && (websiteId === null || existing.website_id === websiteId)) store = await stores.viewById(existing.store_id);
    if (!store && websiteId !== null) store = ctx.store.websiteId === websiteId ? ctx.store : await stores.defaultViewOfWebsite(websiteId);
    store ??= ctx.store.id === 0 ? await stores.defaultView() : ctx.store;
    return { store, websiteId };
  }

  /**
   * AccountManagement::authenticate: the customer of this email in the store's website, if the
   * password is right, the account not locked and (when required) confirmed. Unknown users cost
   * a dummy hash verification, so response time does not reveal whether an account exists.
   */
  async authenticate(store: StoreView, email: string, password: string): Promise<Customer> {
    return this.getById(await this.authenticateId(store, email, password));
  }

  /** authenticate() without reading the whole account back: what the token endpoint needs. */
  async authenticateId(store: StoreView, email: string, password: string): Promise<number> {
    const { repository, hasher, config } = this.deps;
    const websiteId = (await this.isGlobalSharing()) ? null : store.websiteId;
    const [found] = await repository.findRowsByEmail(email, websiteId);
    const row = await this.checkPassword(found, password, store);
    if (row.confirmation && (await config.getFlag('customer/create_account/confirm', store))) {
      throw new AuthenticationError('customer.not_confirmed');
    }
    const fields: Partial<CustomerRow> = {};
    if (row.failures_num !== 0 || row.lock_expires) Object.assign(fields, { failures_num: 0, first_failure: null, lock_expires: null });
    // Hashes imported from Magento (or made at older costs) are upgraded while the password is at hand.
    if (hasher.needsRehash(row.password_hash)) fields.password_hash = await hasher.hash(password);
    if (Object.keys(fields).length > 0) await repository.updateCustomer(repository.db, row.entity_id, fields);
    return row.entity_id;
  }

  /**
   * Magento's Authentication::authenticate, the one place a customer's password is checked: a
   * locked account answers "The account is locked." whatever the password; a wrong password counts
   * towards the lockout (and says "locked" when it is the failure that locks); an unknown customer
   * costs a dummy verification, so the answer's time does not tell whether the account exists.
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
   * The current password of a signed-in customer (Authentication::authenticate by id), under the
   * lockout; `store` is the view whose lockout settings apply (the customer's own by default).
   * Returns the customer's row, read once, for the caller's next step.
   */
  async verifyPassword(customerId: number, password: string, store?: StoreView): Promise<CustomerRow> {
    const { repository } = this.deps;
    const row = await repository.findRowById(customerId);
    const scope = store ?? (row && (await this.deps.stores.viewById(row.store_id))) ?? (await this.deps.stores.defaultView());
    return this.checkPassword(row, password, scope);
  }

  /** The password rules of a store view, for forms that show them before the customer types. */
  async passwordRules(store: StoreView): Promise<{ minLength: number; requiredClasses: number }> {
    return this.passwordPolicy(store);
  }

  /**
   * Magento's Authentication::processAuthenticationFailure: the first failure (or the first after a
   * lock ran out) starts a new count; the `lockout_failures`-th locks the account for
   * `lockout_threshold` minutes; either setting at 0 turns lockout off. Answers whether the
   * account is locked now. The lock is an instant compared with the clock, so it really expires.
   */
  async recordFailure(row: CustomerRow, store: StoreView): Promise<boolean> {
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

  private async passwordPolicy(store: StoreView) {
    return {
      minLength: await this.deps.config.getNumber('customer/password/minimum_password_length', store),
      requiredClasses: await this.deps.config.getNumber('customer/password/required_character_classes_number', store),
    };
  }

  /** customer/account_share/scope = 0: one account per email across all websites. */
  async isGlobalSharing(): Promise<boolean> {
    return (await this.deps.config.getNumber('customer/account_share/scope')) === 0;
  }

  private async assertGroupExists(groupId: number): Promise<void> {
    const row = await this.deps.repository.db.selectFrom('customer_group').select('customer_group_id').where('customer_group_id', '=', groupId).executeTakeFirst();
    if (!row || groupId === 0) throw new InputError('customer.group_not_found');
  }

  private today(): string {
    return formatDateTime(this.deps.clock.now()).slice(0, 10);
  }

  /**
   * Which view and website a new account belongs to: the body's store_id/website_id when given,
   * else the view of the URL (the default view for /rest/all).
   */
  private async resolveStoreForCreate(ctx: RequestContext, input: CustomerInput): Promise<{ store: StoreView; websiteId: number }> {
    const { stores } = this.deps;
    let store: StoreView | null = null;
    if (input.storeId !== null && input.storeId !== undefined) {
      store = await stores.viewById(input.storeId);
      if (!store || store.id === 0) throw NoSuchEntityError.byField('storeId', input.storeId);
    }
    if (input.websiteId !== null && input.websiteId !== undefined) {
      const website = await stores.websiteById(input.websiteId);
      if (!website || website.id === 0) throw NoSuchEntityError.byField('websiteId', input.websiteId);
      if (store && store.websiteId !== website.id) throw new StateError('customer.store_not_in_website');
      store ??= ctx.store.websiteId === website.id ? ctx.store : await stores.defaultViewOfWebsite(website.id);
      if (!store) throw NoSuchEntityError.byField('websiteId', input.websiteId);
    }
    store ??= ctx.store.id === 0 ? await stores.defaultView() : ctx.store;
    return { store, websiteId: store.websiteId };
  }

  /** Validates every address (Magento aggregates the errors of one address) before anything is written. */
  private async prepareAddresses(inputs: AddressInput[], store: StoreView): Promise<PreparedAddress[]> {
    const streetLines = await this.deps.config.getNumber('customer/address/street_lines', store);
    return inputs.map((input) => {
      const errors = new InputErrors();
      const region = validateAddress(input, this.deps.directory, { streetLines: Math.max(1, streetLines) }, errors);
      errors.throwIfAny();
      return { input, ...region };
    });
  }

  /** Inserts new addresses, updates kept ones, deletes the rest, then points the defaults. */
  private async writeAddresses(
    tx: Db,
    customerId: number,
    prepared: PreparedAddress[],
    currentIds: number[],
    now: string,
    defaults: { billing: number | null; shipping: number | null },
  ): Promise<void> {
    const { repository } = this.deps;
    const keep: number[] = [];
    let billing: number | null = null;
    let shipping: number | null = null;
    for (const { input, regionId, regionName } of prepared) {
      const row: NewAddressRow = {
        parent_id: customerId,
        created_at: now,
        updated_at: now,
        is_active: 1,
        city: input.city!.trim(),
        company: emptyToNull(input.company),
        country_id: input.countryId!,
        fax: emptyToNull(input.fax),
        firstname: input.firstname!.trim(),
        lastname: input.lastname!.trim(),
        middlename: emptyToNull(input.middlename),
        postcode: emptyToNull(input.postcode),
        prefix: emptyToNull(input.prefix),
        region: regionName,
        region_id: regionId,
        street: (input.street ?? []).map((s) => s.trim()).join('\n'),
        suffix: emptyToNull(input.suffix),
        telephone: emptyToNull(input.telephone),
        vat_id: emptyToNull(input.vatId),
        custom_attributes: attributesJson(input.customAttributes),
      };
      let id: number;
      if (input.id && currentIds.includes(input.id)) {
        const { created_at: _created, ...changes } = row;
        await repository.updateAddress(tx, input.id, customerId, changes);
        id = input.id;
      } else if (input.id && input.id > 0 && currentIds.length > 0) {
        // An id that is not one of this customer's addresses: never touch somebody else's row.
        throw NoSuchEntityError.byField('addressId', input.id);
      } else {
        id = await repository.insertAddress(tx, row);
      }
      keep.push(id);
      if (input.defaultBilling) billing = id;
      if (input.defaultShipping) shipping = id;
    }
    await repository.deleteAddresses(tx, customerId, keep);
    billing ??= defaults.billing !== null && keep.includes(defaults.billing) ? defaults.billing : null;
    shipping ??= defaults.shipping !== null && keep.includes(defaults.shipping) ? defaults.shipping : null;
    await repository.updateCustomer(tx, customerId, { default_billing: billing, default_shipping: shipping });
  }

  private withRegionCodes(customer: Customer): Customer {
    for (const address of customer.addresses) this.fillRegion(address);
    return customer;
  }

  fillRegion(address: Address): Address {
    if (address.regionId) {
      const region = this.deps.directory.regionById(address.regionId);
      if (region) address.region = { regionCode: region.code, region: address.region.region ?? region.name, regionId: region.id };
    } else {
      address.region = { regionCode: null, region: address.region.region, regionId: null };
    }
    return address;
  }
}

interface PreparedAddress {
  input: AddressInput;
  regionId: number | null;
  regionName: string | null;
}

function emptyToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function idOrNull(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function attributesJson(attributes: Record<string, unknown> | null | undefined): string | null {
  if (!attributes || Object.keys(attributes).length === 0) return null;
  return JSON.stringify(attributes);
}
