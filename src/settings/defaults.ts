// Magento configuration paths Keyfront reads, with Magento's defaults (app/code/Magento/*/etc/config.xml).
// `bin/keyfront config:set <path> <value>` overrides any of them in the database, per scope.
export const CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  // Token lifetimes, in hours (Magento_Integration). A value <= 0 means tokens do not expire.
  'oauth/access_token_lifetime/customer': '1',
  'oauth/access_token_lifetime/admin': '4',
  // Token-endpoint throttling (Magento_Integration RequestThrottler).
  'oauth/authentication_lock/max_failures_count': '6',
  'oauth/authentication_lock/timeout': '1800',
  // Token format: 'opaque' (Keyfront's default, as in the seeds) or 'jwt' (Magento 2.4.4+ default).
  'webapi/token/format': 'opaque',
  // JWT lifetimes, in minutes (Magento_JwtUserToken); <= 0 falls back to 30.
  'webapi/jwtauth/customer_expiration': '60',
  'webapi/jwtauth/admin_expiration': '60',
  // JWT algorithm (Magento_JwtUserToken): Magento's HS256/HS384/HS512, or Keyfront's RS256/ES256/EdDSA.
  'webapi/jwtauth/jwt_alg': 'HS256',
  // JWE content encryption: Magento's setting, unused while Keyfront only signs.
  'webapi/jwtauth/jwe_alg': 'A128GCM',
  // Integration access tokens accepted as Bearer tokens (Magento 2.4.4+, default off).
  'oauth/consumer/enable_integration_as_bearer': '0',
  // Keyfront: 1 = revoke-customer-token ends only the presented token (one device), 0 = all of them (Magento).
  'oauth/keyfront/revoke_presented_token_only': '0',
  // Web API input limits (Magento_Webapi webapi/validation/*). Magento ships them off
  // (input_limit_enabled 0); Keyfront turns them on: a page of 200,000 customers is a denial of service.
  'webapi/validation/input_limit_enabled': '1',
  'webapi/validation/complex_array_limit': '20',
  'webapi/validation/maximum_page_size': '300',
  'webapi/validation/default_page_size': '20',
  // Customer accounts (Magento_Customer).
  'customer/account_share/scope': '1',
  'customer/create_account/default_group': '1',
  'customer/create_account/confirm': '0',
  'customer/password/minimum_password_length': '8',
  'customer/password/required_character_classes_number': '3',
  'customer/password/lockout_failures': '10',
  'customer/password/lockout_threshold': '10',
  'customer/password/reset_link_expiration_period': '2',
  'customer/address/street_lines': '2',
  // Magento 2.4.7+: isEmailAvailable answers truthfully only when guest checkout login is enabled.
  'checkout/options/enable_guest_checkout_login': '0',
  // Password-reset request limits (Magento_Security etc/config.xml): protection type 0 none,
  // 1 by IP and email, 2 by IP, 3 by email; at most N requests per hour; minutes between two.
  'customer/password/password_reset_protection_type': '1',
  'customer/password/max_number_password_reset_requests': '5',
  'customer/password/min_time_between_password_reset_requests': '10',
  'contact/email/recipient_email': 'hello@example.com',
  // Mail senders (Magento_Store trans_email identities) and which one customer mail uses.
  'trans_email/ident_general/name': 'Owner',
  'trans_email/ident_general/email': 'owner@example.com',
  'trans_email/ident_support/name': 'CustomerSupport',
  'trans_email/ident_support/email': 'support@example.com',
  'customer/create_account/email_identity': 'general',
  'customer/password/forgot_email_identity': 'support',
  // Store name in mail (Store::getFrontendName: this value, else the store group's name).
  'general/store_information/name': '',
  // 1 = storefront URLs carry the store code (web/url/use_store).
  'web/url/use_store': '0',
  // Store defaults (Magento_Store / Magento_Directory), reported by GET /V1/store/storeConfigs.
  'general/locale/code': 'en_US',
  'general/locale/timezone': 'America/Los_Angeles',
  'general/locale/weight_unit': 'lbs',
  'currency/options/base': 'USD',
  'currency/options/default': 'USD',
  // Until set, the server uses the address it listens on (ConfigService.useBaseUrl).
  'web/unsecure/base_url': 'http://localhost:8080/',
  'web/secure/base_url': 'http://localhost:8080/',
  // Admin pages (Magento_Backend / Magento_Security): sign-in lockout after N failures for M
  // minutes, and the sliding session lifetime in seconds.
  'admin/security/lockout_failures': '6',
  'admin/security/lockout_threshold': '30',
  'admin/security/session_lifetime': '900',
  // Newsletter (Magento_Newsletter): offered at all; reported by GraphQL's storeConfig.newsletter_enabled.
  'newsletter/general/active': '1',
  // Magento_Customer: let browsers autofill the sign-in and forgot-password forms (storeConfig.autocomplete_on_storefront).
  'customer/password/autocomplete_on_storefront': '1',
  // Keyfront: 1 turns GraphQL introspection off (Magento: graphql/validation/disable_introspection in env.php).
  'graphql/validation/disable_introspection': '0',
  // Storefront session lifetime in seconds (Magento_Store web/cookie/cookie_lifetime).
  'web/cookie/cookie_lifetime': '3600',
};

export const CONFIG_SCOPES = ['default', 'websites', 'stores'] as const;
export type ConfigScope = (typeof CONFIG_SCOPES)[number];
