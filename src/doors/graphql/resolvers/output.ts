// Keyfront's customers and addresses in Magento's GraphQL shapes (ExtractCustomerData,
// ExtractCustomerAddressData). Fields with arguments are functions: graphql-js's default
// resolver calls them with the field's arguments.
import { ACCOUNT_CONFIRMATION_NOT_REQUIRED } from '../../../customers/confirmation-service.ts';
import type { Address, Customer } from '../../../customers/model.ts';
import { inputError } from '../kit/errors.ts';
import type { GraphQlContext } from '../kit/context.ts';

type AttributeValue = { __typename: 'AttributeValue'; code: string; value: string };

function attributeValues(attributes: Record<string, unknown>, codes: readonly string[] | null | undefined): AttributeValue[] {
  return Object.entries(attributes)
    .filter(([code]) => !codes || codes.includes(code))
    .map(([code, value]) => ({ __typename: 'AttributeValue', code, value: value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value) }));
}

export function addressOutput(a: Address) {
  return {
    id: a.id,
    customer_id: a.customerId,
    region: { region_code: a.region.regionCode, region: a.region.region, region_id: a.region.regionId ?? 0 },
    region_id: a.regionId ?? 0,
    country_id: a.countryId,
    country_code: a.countryId,
    street: a.street,
    company: a.company,
    telephone: a.telephone,
    fax: a.fax,
    postcode: a.postcode,
    city: a.city,
    firstname: a.firstname,
    lastname: a.lastname,
    middlename: a.middlename,
    prefix: a.prefix,
    suffix: a.suffix,
    vat_id: a.vatId,
    default_shipping: a.defaultShipping,
    default_billing: a.defaultBilling,
    custom_attributes: Object.entries(a.customAttributes).map(([attribute_code, value]) => ({ attribute_code, value: typeof value === 'string' ? value : JSON.stringify(value) })),
    custom_attributesV2: (args: { attributeCodes?: string[] | null }) => attributeValues(a.customAttributes, args.attributeCodes),
    extension_attributes: [],
  };
}

/**
 * ExtractCustomerData: Magento leaves `id` and `group_id` null (a storefront has no business with
 * them); `confirmation_status` is read only when selected.
 */
export function customerOutput(ctx: GraphQlContext, c: Customer) {
  const addresses = c.addresses.map(addressOutput);
  return {
    created_at: c.createdAt,
    group_id: null,
    prefix: c.prefix,
    firstname: c.firstname,
    middlename: c.middlename,
    lastname: c.lastname,
    suffix: c.suffix,
    email: c.email,
    default_billing: c.defaultBilling === null ? null : String(c.defaultBilling),
    default_shipping: c.defaultShipping === null ? null : String(c.defaultShipping),
    dob: c.dob,
    date_of_birth: c.dob,
    taxvat: c.taxvat,
    id: null,
    is_subscribed: c.isSubscribed,
    // PWA Studio's extension module (magento/pwa) adds this; Venia's create-account form asks for it.
    is_confirmed: c.confirmation === null,
    addresses,
    addressesV2: (args: { currentPage: number; pageSize: number }) => {
      if (args.currentPage < 1) throw inputError('currentPage value must be greater than 0.');
      if (args.pageSize < 1) throw inputError('pageSize value must be greater than 0.');
      const start = (args.currentPage - 1) * args.pageSize;
      return {
        items: addresses.slice(start, start + args.pageSize),
        page_info: { page_size: args.pageSize, current_page: args.currentPage, total_pages: Math.ceil(addresses.length / args.pageSize) },
        total_count: addresses.length,
      };
    },
    gender: c.gender,
    custom_attributes: (args: { attributeCodes?: string[] | null }) => attributeValues(c.customAttributes, args.attributeCodes),
    confirmation_status: async () =>
      (await ctx.services.confirmations.confirmationStatus(ctx, c.id)) === ACCOUNT_CONFIRMATION_NOT_REQUIRED ? 'ACCOUNT_CONFIRMATION_NOT_REQUIRED' : 'ACCOUNT_CONFIRMED',
  };
}
