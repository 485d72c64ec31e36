// AddressRepository::getById/deleteById and AccountManagement::getDefaultBilling/ShippingAddress.
// Addresses are written only through a customer's `addresses` array (AccountService); here they
// are read and deleted one at a time. Ownership: the admin routes name any address; the /me routes
// pass the token's customer id, so a customer only ever reaches their own default addresses.
import type { Transactor } from '../db/database.ts';
import { NoSuchEntityError } from '../errors/domain-errors.ts';
import type { RequestContext } from '../request/context.ts';
import type { AccountService } from './account-service.ts';
import type { AddressBook } from './address-book.ts';
import type { Address } from './model.ts';
import { toAddress, type CustomerRepository } from './repository.ts';

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
}
