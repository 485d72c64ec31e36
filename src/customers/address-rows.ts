// How a validated address input becomes a customer_address_entity row: shared by the account
// save (a whole address book) and the one-address operations (AddressService).
import type { AddressInput } from './model.ts';
import type { NewAddressRow } from './repository.ts';

export function emptyToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function attributesJson(attributes: Record<string, unknown> | null | undefined): string | null {
  if (!attributes || Object.keys(attributes).length === 0) return null;
  return JSON.stringify(attributes);
}

/** `input` has passed validateAddress; `region` is what the directory resolved it to. */
export function newAddressRow(input: AddressInput, region: { regionId: number | null; regionName: string | null }, customerId: number, now: string): NewAddressRow {
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
    region: region.regionName,
    region_id: region.regionId,
    street: (input.street ?? []).map((s) => s.trim()).join('\n'),
    suffix: emptyToNull(input.suffix),
    telephone: emptyToNull(input.telephone),
    vat_id: emptyToNull(input.vatId),
    custom_attributes: attributesJson(input.customAttributes),
  };
}
