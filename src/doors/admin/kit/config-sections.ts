// Stores › Configuration: the sections, groups and fields Keyfront honours, in Magento's layout
// and with Magento's labels (each module's etc/adminhtml/system.xml), and where each may be set.
export type FieldScope = 'default' | 'websites' | 'stores';

export interface ConfigField {
  path: string;
  label: string;
  kind: 'int' | 'text' | 'email' | 'yesno' | 'select';
  options?: Array<[value: string, label: string]>;
  /** 'groups': the customer groups (filled in by the page). */
  optionsFrom?: 'groups';
  comment?: string;
  min?: number;
  max?: number;
  /** The scopes a value may be set at (Magento's showInDefault/showInWebsite/showInStore). */
  scopes: FieldScope[];
}

export interface ConfigSection {
  id: string;
  tab: string;
  label: string;
  resource: string;
  groups: Array<{ label: string; fields: ConfigField[] }>;
}

const ALL: FieldScope[] = ['default', 'websites', 'stores'];
const WEBSITE: FieldScope[] = ['default', 'websites'];
const GLOBAL: FieldScope[] = ['default'];
const YES_NO: Array<[string, string]> = [['1', 'Yes'], ['0', 'No']];
const IDENTITIES: Array<[string, string]> = [['general', 'General Contact'], ['support', 'Customer Support']];

export const CONFIG_SECTIONS: ConfigSection[] = [
  {
    id: 'oauth',
    tab: 'Services',
    label: 'OAuth',
    resource: 'Magento_Integration::config_oauth',
    groups: [
      {
        label: 'Access Token Expiration',
        fields: [
          { path: 'oauth/access_token_lifetime/customer', label: 'Customer Token Lifetime (hours)', kind: 'int', min: 0, comment: '0 or empty: tokens do not expire.', scopes: ALL },
          { path: 'oauth/access_token_lifetime/admin', label: 'Admin Token Lifetime (hours)', kind: 'int', min: 0, comment: '0 or empty: tokens do not expire.', scopes: GLOBAL },
        ],
      },
      {
        label: 'Consumer Settings',
        fields: [
          { path: 'oauth/consumer/enable_integration_as_bearer', label: 'Allow OAuth Access Tokens to be used as standalone Bearer tokens', kind: 'yesno', options: YES_NO, scopes: GLOBAL },
          { path: 'oauth/keyfront/revoke_presented_token_only', label: 'Revoke only the presented customer token (Keyfront)', kind: 'yesno', options: YES_NO, comment: "No (Magento): revoking ends every token of the customer.", scopes: GLOBAL },
        ],
      },
      {
        label: 'Authentication Locks',
        fields: [
          { path: 'oauth/authentication_lock/max_failures_count', label: 'Maximum Login Failures to Lock Out Account', kind: 'int', min: 0, scopes: GLOBAL },
          { path: 'oauth/authentication_lock/timeout', label: 'Lockout Time (seconds)', kind: 'int', min: 0, scopes: GLOBAL },
        ],
      },
    ],
  },
  {
    id: 'webapi',
    tab: 'Services',
    label: 'Magento Web API',
    resource: 'Magento_Webapi::config_webapi',
    groups: [
      {
        label: 'JWT Authentication',
        fields: [
          { path: 'webapi/token/format', label: 'Token Format (Keyfront)', kind: 'select', options: [['opaque', 'Opaque (stored as a hash)'], ['jwt', 'JWT (HS256)']], scopes: ALL },
          { path: 'webapi/jwtauth/customer_expiration', label: 'Customer JWT Expires In (minutes)', kind: 'int', min: 0, scopes: ALL },
          { path: 'webapi/jwtauth/admin_expiration', label: 'Admin JWT Expires In (minutes)', kind: 'int', min: 0, scopes: GLOBAL },
        ],
      },
    ],
  },
  {
    id: 'customer',
    tab: 'Customers',
    label: 'Customer Configuration',
    resource: 'Magento_Customer::config_customer',
    groups: [
      { label: 'Account Sharing Options', fields: [{ path: 'customer/account_share/scope', label: 'Share Customer Accounts', kind: 'select', options: [['0', 'Global'], ['1', 'Per Website']], scopes: GLOBAL }] },
      {
        label: 'Create New Account Options',
        fields: [
          { path: 'customer/create_account/default_group', label: 'Default Group', kind: 'select', optionsFrom: 'groups', scopes: ALL },
          { path: 'customer/create_account/email_identity', label: 'Email Sender', kind: 'select', options: IDENTITIES, scopes: ALL },
          { path: 'customer/create_account/confirm', label: 'Require Emails Confirmation', kind: 'yesno', options: YES_NO, scopes: WEBSITE },
        ],
      },
      {
        label: 'Password Options',
        fields: [
          { path: 'customer/password/forgot_email_identity', label: 'Password Template Email Sender', kind: 'select', options: IDENTITIES, scopes: ALL },
          { path: 'customer/password/reset_link_expiration_period', label: 'Recovery Link Expiration Period (hours)', kind: 'int', min: 1, scopes: GLOBAL },
          { path: 'customer/password/password_reset_protection_type', label: 'Password Reset Protection Type', kind: 'select', options: [['1', 'By IP and Email'], ['2', 'By IP'], ['3', 'By Email'], ['0', 'None']], scopes: GLOBAL },
          { path: 'customer/password/max_number_password_reset_requests', label: 'Max Number of Password Reset Requests', kind: 'int', min: 0, scopes: GLOBAL },
          { path: 'customer/password/min_time_between_password_reset_requests', label: 'Min Time Between Password Reset Requests (minutes)', kind: 'int', min: 0, scopes: GLOBAL },
          { path: 'customer/password/lockout_failures', label: 'Maximum Login Failures to Lockout Account', kind: 'int', min: 0, scopes: ALL },
          { path: 'customer/password/lockout_threshold', label: 'Lockout Time (minutes)', kind: 'int', min: 0, scopes: ALL },
          { path: 'customer/password/minimum_password_length', label: 'Minimum Password Length', kind: 'int', min: 1, max: 256, scopes: ALL },
          { path: 'customer/password/required_character_classes_number', label: 'Number of Required Character Classes', kind: 'int', min: 1, max: 4, scopes: ALL },
        ],
      },
      { label: 'Name and Address Options', fields: [{ path: 'customer/address/street_lines', label: 'Number of Lines in a Street Address', kind: 'int', min: 1, max: 20, scopes: WEBSITE }] },
    ],
  },
  {
    id: 'trans_email',
    tab: 'General',
    label: 'Store Email Addresses',
    resource: 'Magento_Config::trans_email',
    groups: [
      {
        label: 'General Contact',
        fields: [
          { path: 'trans_email/ident_general/name', label: 'Sender Name', kind: 'text', scopes: ALL },
          { path: 'trans_email/ident_general/email', label: 'Sender Email', kind: 'email', scopes: ALL },
        ],
      },
      {
        label: 'Customer Support',
        fields: [
          { path: 'trans_email/ident_support/name', label: 'Sender Name', kind: 'text', scopes: ALL },
          { path: 'trans_email/ident_support/email', label: 'Sender Email', kind: 'email', scopes: ALL },
        ],
      },
    ],
  },
  {
    id: 'admin',
    tab: 'Advanced',
    label: 'Admin',
    resource: 'Magento_Config::config_admin',
    groups: [
      {
        label: 'Security',
        fields: [
          { path: 'admin/security/lockout_failures', label: 'Maximum Login Failures to Lockout Account', kind: 'int', min: 1, scopes: GLOBAL },
          { path: 'admin/security/lockout_threshold', label: 'Lockout Time (minutes)', kind: 'int', min: 1, scopes: GLOBAL },
          { path: 'admin/security/session_lifetime', label: 'Admin Session Lifetime (seconds)', kind: 'int', min: 60, max: 31536000, comment: 'Values less than 60 are ignored.', scopes: GLOBAL },
        ],
      },
    ],
  },
];
