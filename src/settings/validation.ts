// Which configuration paths Keyfront reads, and what their values may be. `config:set` warns about
// a path Keyfront does not read (and saves it, since it may be meant for a Magento next door) and
// refuses a value Keyfront could not use, with a message that says what would be accepted.
import { CONFIG_DEFAULTS } from './defaults.ts';

type Rule = (value: string) => string | null;

const IDENTITIES = ['general', 'sales', 'support', 'custom1', 'custom2'];

const integer = (min: number, max = Number.MAX_SAFE_INTEGER): Rule => (value) =>
  /^-?\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max
    ? null
    : max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number of at least ${min}`
      : `must be a whole number from ${min} to ${max}`;
const number: Rule = (value) => (value.trim() !== '' && Number.isFinite(Number(value)) ? null : 'must be a number');
const oneOf = (...allowed: string[]): Rule => (value) => (allowed.includes(value) ? null : `must be one of ${allowed.join(', ')}`);
const flag = oneOf('0', '1');
const email: Rule = (value) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : 'must be an email address');
const baseUrl: Rule = (value) => (/^https?:\/\/[^\s/]+(\/[^\s]*)?\/$/.test(value) ? null : 'must be an http:// or https:// URL ending with "/" (e.g. https://shop.example.com/)');

const RULES: Record<string, Rule> = {
  'oauth/access_token_lifetime/customer': number,
  'oauth/access_token_lifetime/admin': number,
  'oauth/authentication_lock/max_failures_count': integer(0),
  'oauth/authentication_lock/timeout': integer(0),
  'webapi/token/format': oneOf('opaque', 'jwt'),
  'webapi/jwtauth/customer_expiration': integer(-1_000_000),
  'webapi/jwtauth/admin_expiration': integer(-1_000_000),
  'oauth/consumer/enable_integration_as_bearer': flag,
  'oauth/keyfront/revoke_presented_token_only': flag,
  'customer/account_share/scope': flag,
  'customer/create_account/default_group': integer(0),
  'customer/create_account/confirm': flag,
  'customer/password/minimum_password_length': integer(1, 256),
  'customer/password/required_character_classes_number': integer(1, 4),
  'customer/password/lockout_failures': integer(0),
  'customer/password/lockout_threshold': integer(0),
  'customer/password/reset_link_expiration_period': integer(0),
  'customer/address/street_lines': integer(1, 20),
  'checkout/options/enable_guest_checkout_login': flag,
  'customer/password/password_reset_protection_type': oneOf('0', '1', '2', '3'),
  'customer/password/max_number_password_reset_requests': integer(0),
  'customer/password/min_time_between_password_reset_requests': integer(0),
  'contact/email/recipient_email': email,
  'customer/create_account/email_identity': oneOf(...IDENTITIES),
  'customer/password/forgot_email_identity': oneOf(...IDENTITIES),
  'web/url/use_store': flag,
  'web/unsecure/base_url': baseUrl,
  'web/secure/base_url': baseUrl,
  'web/cookie/cookie_lifetime': integer(0),
  'newsletter/general/active': flag,
  'customer/password/autocomplete_on_storefront': flag,
  'graphql/validation/disable_introspection': flag,
};
for (const identity of IDENTITIES) RULES[`trans_email/ident_${identity}/email`] = email;

/** Paths Keyfront reads: its defaults, and every mail identity's name and address. */
export function isKnownPath(path: string): boolean {
  return path in CONFIG_DEFAULTS || /^trans_email\/ident_(general|sales|support|custom1|custom2)\/(name|email)$/.test(path);
}

/** Why `value` cannot be used for `path`, or null when it can (unknown paths take anything). */
export function valueProblem(path: string, value: string): string | null {
  const problem = RULES[path]?.(value) ?? null;
  return problem ? `The value "${value}" for ${path} ${problem}.` : null;
}
