// AddressRepository for one address at a time: read and delete by id (admin routes), and a
// signed-in customer's own address book (create, update, delete one address, as Magento's GraphQL
// mutations do). Ownership is checked here, once: a customer id always comes from the caller's
// token, and an address of somebody else is never read or written.
import { InputError, NoSuchEntityError } from '../errors/domain-errors.ts';
import { formatDateTime, type Clock } from '../lib/clock.ts';
import type { AccountService, RequestContext } from './account-service.ts';
import { newAddressRow } from './address-rows.ts';
import type { Address, AddressInput } from './model.ts';
import { toAddress, type AddressRow, type CustomerRepository, type CustomerRow } from './repository.ts';

export class AddressService {
  constructor(
    private readonly repository: CustomerRepository,
    private readonly accounts: AccountService,
    private readonly clock: Clock,
  ) {}

  async getById(addressId: number): Promise<Address> {
    const row = await this.repository.findAddressRow(addressId);
    const owner = row ? await this.repository.findRowById(row.parent_id) : undefined;
    if (!row || !owner) throw NoSuchEntityError.byField('addressId', addressId);
    return this.accounts.fillRegion(toAddress(row, owner));
  }

  async deleteById(addressId: number): Promise<boolean> {
    const row = await this.repository.findAddressRow(addressId);
    if (!row) throw NoSuchEntityError.byField('addressId', addressId);
    await this.repository.db.transaction().execute((tx) => this.repository.deleteAddress(tx, row));
    return true;
  }

  /** The customer's default billing (or shipping) address; null when none is set, as in Magento. */
  async defaultAddress(customerId: number, kind: 'billing' | 'shipping'): Promise<Address | null> {
    const customer = await this.accounts.getById(customerId);
    const id = kind === 'billing' ? customer.defaultBilling : customer.defaultShipping;
    return customer.addresses.find((a) => a.id === id) ?? null;
  }

  /** One of the customer's own addresses: a missing one is entity.not_found, somebody else's address.not_owned. */
  async getOwn(customerId: number, addressId: number): Promise<Address> {
    const { row, owner } = await this.own(customerId, addressId);
    return this.accounts.fillRegion(toAddress(row, owner));
  }

  /** A new address in the customer's own book; default flags move the customer's defaults to it. */
  async createOwn(ctx: RequestContext, customerId: number, input: AddressInput): Promise<Address> {
    const owner = await this.repository.findRowById(customerId);
    if (!owner) throw NoSuchEntityError.byField('customerId', customerId);
    const [prepared] = await this.accounts.prepareAddresses([{ ...input, id: null }], ctx.store);
    const now = formatDateTime(this.clock.now());
    const id = await this.repository.db.transaction().execute(async (tx) => {
      const addressId = await this.repository.insertAddress(tx, newAddressRow(prepared.input, prepared, customerId, now));
      const defaults: Partial<CustomerRow> = {};
      if (input.defaultBilling) defaults.default_billing = addressId;
      if (input.defaultShipping) defaults.default_shipping = addressId;
      if (Object.keys(defaults).length > 0) await this.repository.updateCustomer(tx, customerId, defaults);
      return addressId;
    });
    return this.getOwn(customerId, id);
  }

  /**
   * Changes the fields given (the others keep their values) of one of the customer's own addresses.
   * A default flag set to true makes it the default; set to false on the current default, it leaves
   * the customer without that default (Magento's Address\Relation); left out, nothing changes.
   */
  async updateOwn(ctx: RequestContext, customerId: number, addressId: number, patch: AddressInput): Promise<Address> {
    const { row, owner } = await this.own(customerId, addressId);
    const current = this.accounts.fillRegion(toAddress(row, owner));
    const defined = <T>(value: T | undefined, stored: T): T => (value === undefined ? stored : value);
    const merged: AddressInput = {
      id: addressId,
      firstname: defined(patch.firstname, current.firstname),
      lastname: defined(patch.lastname, current.lastname),
      middlename: defined(patch.middlename, current.middlename),
      prefix: defined(patch.prefix, current.prefix),
      suffix: defined(patch.suffix, current.suffix),
      company: defined(patch.company, current.company),
      telephone: defined(patch.telephone, current.telephone),
      fax: defined(patch.fax, current.fax),
      street: defined(patch.street, current.street),
      city: defined(patch.city, current.city),
      postcode: defined(patch.postcode, current.postcode),
      countryId: defined(patch.countryId, current.countryId),
      vatId: defined(patch.vatId, current.vatId),
      // A new country without a new region drops the old country's region.
      region: patch.region !== undefined ? patch.region : patch.countryId !== undefined && patch.countryId !== current.countryId ? null : current.region,
      regionId: patch.region !== undefined || (patch.countryId !== undefined && patch.countryId !== current.countryId) ? null : current.regionId,
      customAttributes: defined(patch.customAttributes, current.customAttributes),
    };
    const [prepared] = await this.accounts.prepareAddresses([merged], ctx.store);
    const now = formatDateTime(this.clock.now());
    await this.repository.db.transaction().execute(async (tx) => {
      const { created_at: _created, ...changes } = newAddressRow(prepared.input, prepared, customerId, now);
      await this.repository.updateAddress(tx, addressId, customerId, changes);
      const defaults: Partial<CustomerRow> = {};
      if (patch.defaultBilling === true) defaults.default_billing = addressId;
      else if (patch.defaultBilling === false && owner.default_billing === addressId) defaults.default_billing = null;
      if (patch.defaultShipping === true) defaults.default_shipping = addressId;
      else if (patch.defaultShipping === false && owner.default_shipping === addressId) defaults.default_shipping = null;
      if (Object.keys(defaults).length > 0) await this.repository.updateCustomer(tx, customerId, defaults);
    });
    return this.getOwn(customerId, addressId);
  }

  /**
   * Deletes one of the customer's own addresses. `keepDefaults`: refuse to delete a default
   * address (Magento's GraphQL rule) instead of unsetting the default (its REST rule).
   */
  async deleteOwn(customerId: number, addressId: number, options: { keepDefaults: boolean }): Promise<true> {
    const { row, owner } = await this.own(customerId, addressId);
    if (options.keepDefaults && owner.default_billing === addressId) throw new InputError('address.default_billing_delete', [addressId]);
    if (options.keepDefaults && owner.default_shipping === addressId) throw new InputError('address.default_shipping_delete', [addressId]);
    await this.repository.db.transaction().execute((tx) => this.repository.deleteAddress(tx, row));
    return true;
  }

  private async own(customerId: number, addressId: number): Promise<{ row: AddressRow; owner: CustomerRow }> {
    const row = await this.repository.findAddressRow(addressId);
    if (!row) throw NoSuchEntityError.byField('addressId', addressId);
    if (row.parent_id !== customerId) throw new NoSuchEntityError('address.not_owned', { fieldName: 'addressId', fieldValue: addressId });
    const owner = await this.repository.findRowById(customerId);
    if (!owner) throw NoSuchEntityError.byField('customerId', customerId);
    return { row, owner };
  }
}
