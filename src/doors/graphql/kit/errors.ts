// Magento's GraphQL errors: each carries a category in `extensions` and a message rendered with
// its parameters (Magento's resolvers throw `new GraphQlInputException(__($e->getMessage()))`,
// so the client sees the rendered text, never a %placeholder). Domain errors are mapped by code,
// in one table; anything else is "Internal server error" with no detail.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ErrorCode } from '../../../errors/codes.ts';
import { DomainError, InputError, type ErrorParams } from '../../../errors/domain-errors.ts';

export type Category = 'graphql-input' | 'graphql-authorization' | 'graphql-authentication' | 'graphql-no-such-entity' | 'graphql-already-exists';

/** A resolver's own error, as Magento's Graphql*Exception classes throw it. */
export class GraphQlError extends Error {
  constructor(
    readonly category: Category,
    message: string,
  ) {
    super(message);
  }
}

export const inputError = (message: string) => new GraphQlError('graphql-input', message);
export const NOT_AUTHORIZED = "The current customer isn't authorized.";

/**
 * Several input errors reported together (Magento's aggregate InputException): the response
 * lists each as its own error entry, with the same path.
 */
export class GraphQlErrors extends Error {
  constructor(readonly errors: GraphQlError[]) {
    super(errors[0]?.message ?? '');
  }
}

/**
 * The category of every domain error, by code. Magento's resolvers turn LocalizedExceptions into
 * graphql-input, AuthenticationExceptions into graphql-authentication and NoSuchEntityExceptions
 * into graphql-no-such-entity; `null` keeps an error opaque ("Internal server error").
 */
export const GRAPHQL_CATEGORY: Record<ErrorCode, Category | null> = {
  'input.required': 'graphql-input',
  'input.invalid_value': 'graphql-input',
  'input.aggregate': 'graphql-input',
  'input.unsupported_field': 'graphql-input',
  'input.type_mismatch': 'graphql-input',
  'input.invalid_parameters': 'graphql-input',
  'input.invalid_field_value': 'graphql-input',
  'search.invalid_field': 'graphql-input',
  'search.invalid_sort_direction': 'graphql-input',
  'webapi.too_many_items': 'graphql-input',
  'webapi.page_size_too_large': 'graphql-input',
  'customer.share_duplicates': 'graphql-input',
  'service.unavailable': null,
  'entity.not_found': 'graphql-no-such-entity',
  'entity.not_found_by_two_fields': 'graphql-no-such-entity',
  'customer.email_taken': 'graphql-input',
  'customer.email_missing': 'graphql-input',
  'customer.invalid_fields': 'graphql-input',
  'customer.group_not_found': 'graphql-input',
  'customer.store_not_in_website': 'graphql-input',
  'customer.invalid_login': 'graphql-authentication',
  'customer.locked': 'graphql-authentication',
  'customer.not_confirmed': 'graphql-authentication',
  'address.not_owned': 'graphql-authorization',
  'address.default_billing_delete': 'graphql-input',
  'address.default_shipping_delete': 'graphql-input',
  'newsletter.guest_not_allowed': 'graphql-input',
  'newsletter.already_subscribed': 'graphql-input',
  'newsletter.email_of_other_customer': 'graphql-input',
  'password.too_long': 'graphql-input',
  'password.too_short': 'graphql-input',
  'password.surrounding_space': 'graphql-input',
  'password.character_classes': 'graphql-input',
  'password.same_as_email': 'graphql-input',
  'password.current_mismatch': 'graphql-authentication',
  'password.invalid_template': 'graphql-input',
  'password.reset_token_mismatch': 'graphql-input',
  'password.reset_token_expired': 'graphql-input',
  'password.reset_token_ambiguous': 'graphql-input',
  'password.reset_too_frequent': 'graphql-input',
  'password.reset_too_many': 'graphql-input',
  'confirmation.invalid_key': 'graphql-input',
  'confirmation.not_needed': 'graphql-input',
  'confirmation.already_active': 'graphql-input',
  'auth.sign_in_failed': 'graphql-authentication',
  'auth.not_authorized': 'graphql-authorization',
  'auth.busy': null,
  'admin.username_required': 'graphql-input',
  'admin.firstname_required': 'graphql-input',
  'admin.lastname_required': 'graphql-input',
  'admin.invalid_email': 'graphql-input',
  'admin.password_required': 'graphql-input',
  'admin.password_too_short': 'graphql-input',
  'admin.password_needs_letters_and_digits': 'graphql-input',
  'admin.user_exists': 'graphql-input',
  'role.exists': 'graphql-input',
  'group.exists': 'graphql-input',
  'group.cannot_delete': 'graphql-input',
  'integration.exists': 'graphql-input',
  'store.code_duplicated': 'graphql-input',
  'store.invalid_code': 'graphql-input',
  'store.no_default_website': 'graphql-input',
  'store.group_in_other_website': 'graphql-input',
  'store.not_set_up': null,
  'secret.unreadable': null,
  'secret.not_created': null,
};

/** Magento's Phrase rendering: %1, %2 from a list, %name from an object. */
export function renderMessage(template: string, params?: ErrorParams): string {
  if (!params) return template;
  if (Array.isArray(params)) return template.replace(/%(\d+)/g, (m, n) => (params[Number(n) - 1] !== undefined ? String(params[Number(n) - 1]) : m));
  return template.replace(/%([A-Za-z_][A-Za-z0-9_]*)/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** A domain error as the resolver's GraphQL error; an aggregate becomes one entry per input error. */
export function fromDomainError(error: DomainError): GraphQlError | GraphQlErrors | null {
  const category = GRAPHQL_CATEGORY[error.code];
  if (category === null) return null;
  if (error instanceof InputError && error.errors.length > 0) {
    return new GraphQlErrors(error.errors.map((e) => new GraphQlError(category, renderMessage(e.message, e.params))));
  }
  return new GraphQlError(category, renderMessage(error.message, error.params));
}

/**
 * One error as Magento's response shows it (graphql-php 15's FormattedError): message, locations,
 * path, and the category for Magento's own exceptions. Unexpected errors say "Internal server
 * error" and nothing more; `onUnexpected` logs them.
 */
export function formatError(error: GraphQLError, onUnexpected: (error: unknown) => void): GraphQLFormattedError[] {
  const base = { locations: error.locations, path: error.path };
  const original = error.originalError;
  if (!original || (original instanceof GraphQLError && !original.originalError)) {
    // Parse and validation errors: graphql-js's message, no category (as graphql-php 15).
    return [{ message: error.message, ...base }];
  }
  let mapped: unknown = original;
  if (original instanceof DomainError) mapped = fromDomainError(original) ?? original;
  if (mapped instanceof GraphQlErrors) return mapped.errors.map((e) => ({ message: e.message, ...base, extensions: { category: e.category } }));
  if (mapped instanceof GraphQlError) return [{ message: mapped.message, ...base, extensions: { category: mapped.category } }];
  if (isCoercionError(error)) return [{ message: error.message, ...base }];
  onUnexpected(original);
  return [{ message: 'Internal server error', ...base }];
}

/** graphql-js reports a bad variable value with the coercion's own (client-safe) error as originalError. */
function isCoercionError(error: GraphQLError): boolean {
  return !error.path && /^Variable "\$/.test(error.message);
}
