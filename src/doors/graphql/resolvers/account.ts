// Magento_CustomerGraphQl's account resolvers (Model/Resolver/*.php, 2.4.7): each checks what its
// PHP twin checks, in the same order and with the same messages, then calls the service that
// REST and the storefront call too.
import { AuthenticationError, DomainError, StateError } from '../../../errors/domain-errors.ts';
import type { AttributeMetadata } from '../../../customers/attribute-metadata.ts';
import type { CustomerInput } from '../../../customers/model.ts';
import { isValidEmail } from '../../../customers/validation.ts';
import { customerIdOf, type GraphQlContext } from '../kit/context.ts';
import { GraphQlError, inputError, renderMessage } from '../kit/errors.ts';
import { customerOutput } from './output.ts';

type Args = Record<string, any>;

/** GetCustomer: the signed-in customer, unless locked or awaiting confirmation (graphql-authentication). */
export async function currentCustomer(ctx: GraphQlContext) {
  return ctx.services.accounts.getSignedIn(ctx, customerIdOf(ctx));
}

/** CustomerInput / CustomerCreateInput / CustomerUpdateInput → the domain's input; fields left out stay undefined. */
export function toCustomerInput(input: Args): CustomerInput {
  const out: CustomerInput = {};
  for (const [from, to] of [
    ['prefix', 'prefix'],
    ['firstname', 'firstname'],
    ['middlename', 'middlename'],
    ['lastname', 'lastname'],
    ['suffix', 'suffix'],
    ['email', 'email'],
    ['taxvat', 'taxvat'],
    ['gender', 'gender'],
    ['is_subscribed', 'isSubscribed'],
  ] as const) {
    if (input[from] !== undefined) (out as Record<string, unknown>)[to] = input[from];
  }
  // CreateCustomer/UpdateCustomer: `date_of_birth` wins over the deprecated `dob`.
  if (input.date_of_birth !== undefined) out.dob = input.date_of_birth;
  else if (input.dob !== undefined) out.dob = input.dob;
  if (Array.isArray(input.custom_attributes)) out.customAttributes = attributeInput(input.custom_attributes);
  return out;
}

export function attributeInput(list: Array<{ attribute_code: string; value?: string | null; selected_options?: Array<{ value: string }> | null }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    if (!item) continue;
    out[item.attribute_code] = item.selected_options ? item.selected_options.map((o) => o.value).join(',') : (item.value ?? '');
  }
  return out;
}

/** ValidateCustomerData: required attributes sent empty (by label), then the email format. */
async function validateCustomerData(ctx: GraphQlContext, input: Args): Promise<void> {
  const attributes = await ctx.services.attributeMetadata.all('customer');
  const missing = attributes.filter((a: AttributeMetadata) => a.required && a.attributeCode in input && (input[a.attributeCode] === null || input[a.attributeCode] === '')).map((a: AttributeMetadata) => a.label);
  if (missing.length > 0) throw inputError(`Required parameters are missing: ${missing.join(', ')}`);
  if (typeof input.email === 'string' && !isValidEmail(input.email)) throw inputError(`"${input.email}" is not a valid email address.`);
}

/**
 * A domain error inside a resolver, as Magento's `catch (LocalizedException $e)` reports it: the
 * rendered message with graphql-input (the category table in errors.ts), no-such-entity included.
 */
function asInput(error: unknown): never {
  if (error instanceof DomainError && error.kind === 'no-such-entity') throw new GraphQlError('graphql-input', renderMessage(error.message, error.params));
  throw error;
}

export const accountResolvers = {
  Query: {
    customer: async (_: unknown, __: Args, ctx: GraphQlContext) => customerOutput(ctx, await currentCustomer(ctx)),
    isEmailAvailable: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const email = String(args.email ?? '').trim();
      if (email === '') throw inputError('Email must be specified');
      if (!isValidEmail(email)) throw inputError('Email is invalid');
      return { is_email_available: await ctx.services.accounts.isEmailAvailable(ctx, email, null) };
    },
  },
  Mutation: {
    generateCustomerToken: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      if (!args.email) throw inputError('Specify the "email" value.');
      if (!args.password) throw inputError('Specify the "password" value.');
      return { token: await ctx.services.login.createCustomerToken(ctx, args.email, args.password) };
    },
    revokeCustomerToken: async (_: unknown, __: Args, ctx: GraphQlContext) => {
      customerIdOf(ctx);
      if (ctx.principal.type === 'customer') await ctx.services.tokens.signOut(ctx.principal, ctx.store);
      return { result: true };
    },
    createCustomer: (_: unknown, args: Args, ctx: GraphQlContext) => createCustomer(ctx, args.input ?? {}),
    createCustomerV2: (_: unknown, args: Args, ctx: GraphQlContext) => createCustomer(ctx, args.input ?? {}),
    updateCustomer: (_: unknown, args: Args, ctx: GraphQlContext) => updateCustomer(ctx, args.input ?? {}),
    updateCustomerV2: (_: unknown, args: Args, ctx: GraphQlContext) => updateCustomer(ctx, args.input ?? {}),
    updateCustomerEmail: (_: unknown, args: Args, ctx: GraphQlContext) => updateCustomer(ctx, { email: args.email, password: args.password }),
    changeCustomerPassword: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const id = customerIdOf(ctx);
      if (typeof args.currentPassword !== 'string' || args.currentPassword.trim() === '') throw inputError('Specify the "currentPassword" value.');
      if (typeof args.newPassword !== 'string' || args.newPassword.trim() === '') throw inputError('Specify the "newPassword" value.');
      try {
        await ctx.services.passwords.changePassword(ctx, id, args.currentPassword, args.newPassword);
      } catch (error) {
        // CheckCustomerPassword runs first in Magento and reports Authentication's own message.
        if (error instanceof AuthenticationError && error.code === 'password.current_mismatch') throw new GraphQlError('graphql-authentication', 'Invalid login or password.');
        if (error instanceof AuthenticationError) throw error;
        asInput(error);
      }
      return customerOutput(ctx, await currentCustomer(ctx));
    },
    deleteCustomer: async (_: unknown, __: Args, ctx: GraphQlContext) => {
      const customer = await currentCustomer(ctx);
      return ctx.services.accounts.deleteCustomer(ctx, customer.id);
    },
  },
};

/** CreateCustomer + CreateCustomerAccount. */
async function createCustomer(ctx: GraphQlContext, input: Args) {
  if (Object.keys(input).length === 0) throw inputError('"input" value should be specified');
  const data = { ...input };
  if (!(await ctx.services.newsletter.isEnabled(ctx.store))) data.is_subscribed = false;
  await validateCustomerData(ctx, data);
  const { password, ...rest } = data;
  try {
    const customer = await ctx.services.accounts.createAccount(ctx, toCustomerInput(rest), password ?? null);
    return { customer: customerOutput(ctx, customer) };
  } catch (error) {
    asInput(error);
  }
}

/** UpdateCustomer + UpdateCustomerAccount: an email change needs the current password. */
async function updateCustomer(ctx: GraphQlContext, input: Args) {
  const id = customerIdOf(ctx);
  if (Object.keys(input).length === 0) throw inputError('"input" value should be specified');
  const current = await currentCustomer(ctx);
  const data = { ...input };
  if (data.email !== undefined && data.email !== current.email) {
    if (!data.password) throw inputError('Provide the current "password" to change "email".');
    await ctx.services.authentication.verifyPassword(ctx, id, String(data.password));
  } else {
    delete data.email;
  }
  await validateCustomerData(ctx, data);
  delete data.password;
  try {
    const customer = await ctx.services.accounts.updateOwnAccount(ctx, id, toCustomerInput(data));
    return { customer: customerOutput(ctx, customer) };
  } catch (error) {
    // SaveCustomer: the resource model's AlreadyExistsException.
    if (error instanceof StateError && error.code === 'customer.email_taken') {
      throw new GraphQlError('graphql-already-exists', 'A customer with the same email address already exists in an associated website.');
    }
    asInput(error);
  }
}
