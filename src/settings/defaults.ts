// Magento configuration paths Keyfront reads, with Magento's defaults (app/code/Magento/*/etc/config.xml).
// `bin/keyfront config:set <path> <value>` overrides any of them in the database, per scope.
export const CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  // Token lifetimes, in hours (Magento_Integration). A value <= 0 means tokens do not expire.
  'oauth/access_token_lifetime/customer': '1',
  'oauth/access_token_lifetime/admin': '4',
  // Token-endpoint throttling (Magento_Integration RequestThrottler).
  'oauth/authentication_lock/max_failures_count': '6',
  'oauth/authentication_lock/timeout': '1800',
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
  'web/unsecure/base_url': 'http://localhost:8080/',
  'web/secure/base_url': 'http://localhost:8080/',
};

export const CONFIG_SCOPES = ['default', 'websites', 'stores'] as const;
export type ConfigScope = (typeof CONFIG_SCOPES)[number];
