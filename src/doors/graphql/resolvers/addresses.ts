// CreateCustomerAddress, UpdateCustomerAddress, DeleteCustomerAddress (2.4.7): only the
// signed-in customer's own addresses; somebody else's address is Magento's authorization error.
import type { AddressInput } from '../../../customers/model.ts';
import { DomainError } from '../../../errors/domain-errors.ts';
import { customerIdOf, type GraphQlContext } from '../kit/context.ts';
import { GraphQlError, inputError } from '../kit/errors.ts';
import { attributeInput } from './account.ts';
import { addressOutput } from './output.ts';

type Args = Record<string, any>;

// GetAllowedAddressAttributes: the address attributes Magento marks required, by code.
const REQUIRED = ['firstname', 'lastname', 'street', 'city', 'country_id', 'telephone'];

function toAddressInput(input: Args): AddressInput {
  const out: AddressInput = {};
  const plain = ['firstname', 'lastname', 'middlename', 'prefix', 'suffix', 'company', 'telephone', 'fax', 'city', 'postcode'] as const;
  for (const key of plain) if (input[key] !== undefined) out[key] = input[key];
  if (input.vat_id !== undefined) out.vatId = input.vat_id;
  // A client may leave a street line out (GraphCommerce sends [street, houseNumber, addition]).
  if (input.street !== undefined) out.street = input.street === null ? null : (input.street as Array<string | null>).filter((l): l is string => typeof l === 'string' && l !== '');
  if (input.country_id !== undefined) out.countryId = input.country_id;
  if (input.region !== undefined) {
    out.region = input.region === null ? null : { regionCode: input.region.region_code ?? null, region: input.region.region ?? null, regionId: input.region.region_id ?? null };
  }
  if (input.default_billing !== undefined && input.default_billing !== null) out.defaultBilling = input.default_billing;
  if (input.default_shipping !== undefined && input.default_shipping !== null) out.defaultShipping = input.default_shipping;
  const custom = input.custom_attributesV2 ?? input.custom_attributes;
  if (Array.isArray(custom)) out.customAttributes = attributeInput(custom);
  return out;
}

/** `country_code` is the new name of `country_id`; Magento copies it over. */
function withCountry(input: Args): Args {
  return input.country_code !== undefined && input.country_code !== null ? { ...input, country_id: input.country_code } : input;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && (value.length === 0 || !value[0]));
}

/** GetCustomerAddress: a missing address, and another customer's, as Magento reports them. */
function ownership(error: unknown, id: number): never {
  if (error instanceof DomainError && error.code === 'address.not_owned') {
    throw new GraphQlError('graphql-authorization', `Current customer does not have permission to address with ID "${id}"`);
  }
  if (error instanceof DomainError && error.code === 'entity.not_found' && (error.params as Record<string, unknown>)?.fieldName === 'addressId') {
    throw new GraphQlError('graphql-no-such-entity', `Could not find a address with ID "${id}"`);
  }
  throw error;
}

export const addressResolvers = {
  Mutation: {
    createCustomerAddress: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const customerId = customerIdOf(ctx);
      if (!args.input || Object.keys(args.input).length === 0) throw inputError('"input" value should be specified');
      const input = withCountry(args.input);
      const missing: string[] = [];
      if (!ctx.services.directory.isPostcodeOptional(input.country_id ?? '') && isEmpty(input.postcode)) missing.push('postcode');
      for (const code of REQUIRED) if (isEmpty(input[code])) missing.push(code);
      if (missing.length > 0) throw inputError(`Required parameters are missing: ${missing.join(', ')}`);
      const address = await ctx.services.addresses.createOwn(ctx, customerId, toAddressInput(input));
      return addressOutput(address);
    },
    updateCustomerAddress: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const customerId = customerIdOf(ctx);
      if (!args.id) throw inputError('Address "id" value should be specified');
      if (!args.input || Object.keys(args.input).length === 0) throw inputError('"input" value should be specified');
      await ctx.services.addresses.getOwn(ctx, customerId, args.id).catch((e: unknown) => ownership(e, args.id));
      const input = withCountry(args.input);
      const missing = REQUIRED.filter((code) => code in input && isEmpty(input[code]));
      if (missing.length > 0) throw inputError(`Required parameters are missing: ${missing.join(', ')}`);
      const address = await ctx.services.addresses.updateOwn(ctx, customerId, args.id, toAddressInput(input));
      return addressOutput(address);
    },
    deleteCustomerAddress: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const customerId = customerIdOf(ctx);
      if (!args.id) throw inputError('Address "id" value should be specified');
      return ctx.services.addresses.deleteOwn(ctx, customerId, args.id, { keepDefaults: true }).catch((e: unknown) => ownership(e, args.id));
    },
  },
};
