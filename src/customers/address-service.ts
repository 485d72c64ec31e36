// AddressRepository for one address at a time: read and delete by id (admin routes), the default
// addresses, and a signed-in customer's own address book (create, update, delete one address, as
// Magento's GraphQL mutations do). Ownership is checked here, once: the customer id always comes
// from the caller's token, and an address of somebody else is never read or written.
import type { Transactor } from '../db/database.ts';
import { InputError, NoSuchEntityError } from '../errors/domain-errors.ts';
import { formatDateTime } from '../lib/clock.ts';
import type { RequestContext } from '../request/context.ts';
import type { AccountService } from './account-service.ts';
import { addressRow, type AddressBook } from './address-book.ts';
import type { Address, AddressInput } from './model.ts';
import { toAddress, type AddressRow, type CustomerRepository, type CustomerRow } from './repository.ts';

export class AddressService {
  constructor(
    private readonly repository: CustomerRepository,
    private readonly transactor: Transactor,
    private readonly accounts: AccountService,
    private readonly addressBook: AddressBook,
  ) {}

  async getById(ctx: RequestContext, addressId: number): Promise<Address> {
    const row = await this.repository.findAddressRow(addressId, ctx.tx);
    const owner = row ? await this.repository.findRowById(row.parent_id, ctx.tx) : undefined;
    if (!row || !owner) throw NoSuchEntityError.byField('addressId', addressId);
    return this.addressBook.fillRegion(toAddress(row, owner));
  }

  async deleteById(ctx: RequestContext, addressId: number): Promise<boolean> {
    const row = await this.repository.findAddressRow(addressId, ctx.tx);
    if (!row) throw NoSuchEntityError.byField('addressId', addressId);
    await this.transactor.transaction(ctx, (tx) => this.repository.deleteAddress(tx, row));
    return true;
  }

  /** The customer's default billing (or shipping) address; null when none is set, as in Magento. */
  async defaultAddress(ctx: RequestContext, customerId: number, kind: 'billing' | 'shipping'): Promise<Address | null> {
    const customer = await this.accounts.getById(ctx, customerId);
    const id = kind === 'billing' ? customer.defaultBilling : customer.defaultShipping;
    return customer.addresses.find((a) => a.id === id) ?? null;
  }

  /** One of the customer's own addresses: a missing one is entity.not_found, somebody else's address.not_owned. */
  async getOwn(ctx: RequestContext, customerId: number, addressId: number): Promise<Address> {
    const { row, owner } = await this.own(ctx, customerId, addressId);
    return this.addressBook.fillRegion(toAddress(row, owner));
  }

  /** A new address in the customer's own book; default flags move the customer's defaults to it. */
  async createOwn(ctx: RequestContext, customerId: number, input: AddressInput): Promise<Address> {
    const owner = await this.repository.findRowById(customerId, ctx.tx);
    if (!owner) throw NoSuchEntityError.byField('customerId', customerId);
    const [prepared] = await this.addressBook.prepare([{ ...input, id: null }], ctx.store);
    const now = formatDateTime(ctx.clock.now());
    const id = await this.transactor.transaction(ctx, async (tx) => {
      const addressId = await this.repository.insertAddress(tx, addressRow(customerId, prepared.input, prepared.regionId, prepared.regionName, now));
      const defaults: Partial<CustomerRow> = {};
      if (input.defaultBilling) defaults.default_billing = addressId;
      if (input.defaultShipping) defaults.default_shipping = addressId;
      if (Object.keys(defaults).length > 0) await this.repository.updateCustomer(tx, customerId, defaults);
      return addressId;
    });
    return this.getOwn(ctx, customerId, id);
  }

  /**
   * Changes the fields given (the others keep their values) of one of the customer's own addresses.
   * A default flag set to true makes it the default; set to false on the current default, it leaves
   * the customer without that default (Magento's Address\Relation); left out, nothing changes.
   */
  async updateOwn(ctx: RequestContext, customerId: number, addressId: number, patch: AddressInput): Promise<Address> {
    const { row, owner } = await this.own(ctx, customerId, addressId);
    const current = this.addressBook.fillRegion(toAddress(row, owner));
    const given = <T>(value: T | undefined, stored: T): T => (value === undefined ? stored : value);
    const countryChanged = patch.countryId !== undefined && patch.countryId !== current.countryId;
    const merged: AddressInput = {
      id: addressId,
      firstname: given(patch.firstname, current.firstname),
      lastname: given(patch.lastname, current.lastname),
      middlename: given(patch.middlename, current.middlename),
      prefix: given(patch.prefix, current.prefix),
      suffix: given(patch.suffix, current.suffix),
      company: given(patch.company, current.company),
      telephone: given(patch.telephone, current.telephone),
      fax: given(patch.fax, current.fax),
      street: given(patch.street, current.street),
      city: given(patch.city, current.city),
      postcode: given(patch.postcode, current.postcode),
      countryId: given(patch.countryId, current.countryId),
      vatId: given(patch.vatId, current.vatId),
      // A new country without a new region drops the old country's region.
      region: patch.region !== undefined ? patch.region : countryChanged ? null : current.region,
      regionId: patch.region !== undefined || countryChanged ? null : current.regionId,
      customAttributes: given(patch.customAttributes, current.customAttributes),
    };
    const [prepared] = await this.addressBook.prepare([merged], ctx.store);
    const now = formatDateTime(ctx.clock.now());
    await this.transactor.transaction(ctx, async (tx) => {
      const { created_at: _created, ...changes } = addressRow(customerId, prepared.input, prepared.regionId, prepared.regionName, now);
      await this.repository.updateAddress(tx, addressId, customerId, changes);
      const defaults: Partial<CustomerRow> = {};
      if (patch.defaultBilling === true) defaults.default_billing = addressId;
      else if (patch.defaultBilling === false && owner.default_billing === addressId) defaults.default_billing = null;
      if (patch.defaultShipping === true) defaults.default_shipping = addressId;
      else if (patch.defaultShipping === false && owner.default_shipping === addressId) defaults.default_shipping = null;
      if (Object.keys(defaults).length > 0) await this.repository.updateCustomer(tx, customerId, defaults);
    });
    return this.getOwn(ctx, customerId, addressId);
  }

  /**
   * Deletes one of the customer's own addresses. `keepDefaults`: refuse to delete a default
   * address (Magento's GraphQL rule) instead of unsetting the default (its REST rule).
   */
  async deleteOwn(ctx: RequestContext, customerId: number, addressId: number, options: { keepDefaults: boolean }): Promise<true> {
    const { row, owner } = await this.own(ctx, customerId, addressId);
    if (options.keepDefaults && owner.default_billing === addressId) throw new InputError('address.default_billing_delete', [addressId]);
    if (options.keepDefaults && owner.default_shipping === addressId) throw new InputError('address.default_shipping_delete', [addressId]);
    await this.transactor.transaction(ctx, (tx) => this.repository.deleteAddress(tx, row));
    return true;
  }

  private async own(ctx: RequestContext, customerId: number, addressId: number): Promise<{ row: AddressRow; owner: CustomerRow }> {
    const row = await this.repository.findAddressRow(addressId, ctx.tx);
    if (!row) throw NoSuchEntityError.byField('addressId', addressId);
    if (row.parent_id !== customerId) throw new NoSuchEntityError('address.not_owned', { fieldName: 'addressId', fieldValue: addressId });
    const owner = await this.repository.findRowById(customerId, ctx.tx);
    if (!owner) throw NoSuchEntityError.byField('customerId', customerId);
    return { row, owner };
  }
}
