// A customer's address book as one unit: every address validated before anything is written
// (Magento aggregates the errors of one address), then written in the caller's transaction, and
// region codes filled in from the directory on the way out.
import type { Directory } from '../directory/service.ts';
import { InputErrors, NoSuchEntityError } from '../errors/domain-errors.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { Address, AddressInput, Customer } from './model.ts';
import type { CustomerRepository, Db, NewAddressRow } from './repository.ts';
import { validateAddress } from './validation.ts';

export interface PreparedAddress {
  input: AddressInput;
  regionId: number | null;
  regionName: string | null;
}

export class AddressBook {
  constructor(
    private readonly repository: CustomerRepository,
    private readonly config: ConfigService,
    private readonly directory: Directory,
  ) {}

  /** Validates every address against the store's rules; nothing is written. */
  async prepare(inputs: AddressInput[], store: StoreView): Promise<PreparedAddress[]> {
    const streetLines = await this.config.getNumber('customer/address/street_lines', store);
    return inputs.map((input) => {
      const errors = new InputErrors();
      const region = validateAddress(input, this.directory, { streetLines: Math.max(1, streetLines) }, errors);
      errors.throwIfAny();
      return { input, ...region };
    });
  }

  /**
   * Makes the book exactly `prepared`: updates kept addresses, inserts new ones, deletes the rest,
   * then points the defaults (an address's own flags win over `defaults`).
   */
  async write(
    tx: Db,
    customerId: number,
    prepared: PreparedAddress[],
    currentIds: number[],
    now: string,
    defaults: { billing: number | null; shipping: number | null },
  ): Promise<void> {
    const { repository } = this;
    // An empty book that stays empty (a sign-up without addresses): nothing to write.
    if (prepared.length === 0 && currentIds.length === 0 && defaults.billing === null && defaults.shipping === null) return;
    const keep: number[] = [];
    let billing: number | null = null;
    let shipping: number | null = null;
    for (const { input, regionId, regionName } of prepared) {
      const row = addressRow(customerId, input, regionId, regionName, now);
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

  withRegionCodes(customer: Customer): Customer {
    for (const address of customer.addresses) this.fillRegion(address);
    return customer;
  }

  fillRegion(address: Address): Address {
    if (address.regionId) {
      const region = this.directory.regionById(address.regionId);
      if (region) address.region = { regionCode: region.code, region: address.region.region ?? region.name, regionId: region.id };
    } else {
      address.region = { regionCode: null, region: address.region.region, regionId: null };
    }
    return address;
  }
}

export function addressRow(customerId: number, input: AddressInput, regionId: number | null, regionName: string | null, now: string): NewAddressRow {
  return {
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
}

export function emptyToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function attributesJson(attributes: Record<string, unknown> | null | undefined): string | null {
  if (!attributes || Object.keys(attributes).length === 0) return null;
  return JSON.stringify(attributes);
}
