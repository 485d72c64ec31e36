// Table types for Kysely. Datetimes are stored as 'YYYY-MM-DD HH:MM:SS' UTC strings (Magento's wire
// format, sortable as text, identical on all three dialects); instants used for expiry checks are
// epoch seconds. Flags are 0/1 integers.
import type { Generated } from 'kysely';

export interface StoreWebsiteTable {
  website_id: number;
  code: string;
  name: string;
  sort_order: number;
  default_group_id: number;
  is_default: number;
}

export interface StoreGroupTable {
  group_id: number;
  website_id: number;
  name: string;
  root_category_id: number;
  default_store_id: number;
  code: string;
}

export interface StoreTable {
  store_id: number;
  code: string;
  website_id: number;
  group_id: number;
  name: string;
  sort_order: number;
  is_active: number;
}

export interface CustomerGroupTable {
  customer_group_id: number;
  customer_group_code: string;
  tax_class_id: number;
}

export interface CoreConfigDataTable {
  config_id: Generated<number>;
  scope: string;
  scope_id: number;
  path: string;
  value: string | null;
}

export interface CustomerEntityTable {
  entity_id: Generated<number>;
  website_id: number;
  email: string;
  /** Lower-cased email: the unique key per website, and what look-ups compare. */
  email_normalized: string;
  /** The website id, or 0 under global sharing: UNIQUE (email_normalized, email_scope) (migration 0008). */
  email_scope: number;
  group_id: number;
  store_id: number;
  created_at: string;
  updated_at: string;
  is_active: number;
  disable_auto_group_change: number;
  created_in: string | null;
  prefix: string | null;
  firstname: string;
  middlename: string | null;
  lastname: string;
  suffix: string | null;
  dob: string | null;
  password_hash: string | null;
  rp_token: string | null;
  rp_token_created_at: string | null;
  default_billing: number | null;
  default_shipping: number | null;
  taxvat: string | null;
  confirmation: string | null;
  gender: number | null;
  failures_num: number;
  first_failure: string | null;
  lock_expires: string | null;
  is_subscribed: number;
  /** JSON object of custom attribute code → value. */
  custom_attributes: string | null;
}

export interface CustomerAddressEntityTable {
  entity_id: Generated<number>;
  parent_id: number;
  created_at: string;
  updated_at: string;
  is_active: number;
  city: string;
  company: string | null;
  country_id: string;
  fax: string | null;
  firstname: string;
  lastname: string;
  middlename: string | null;
  postcode: string | null;
  prefix: string | null;
  region: string | null;
  region_id: number | null;
  /** Street lines joined with "\n", as Magento stores them. */
  street: string;
  suffix: string | null;
  telephone: string | null;
  vat_id: string | null;
  custom_attributes: string | null;
}

export interface AdminUserTable {
  user_id: Generated<number>;
  firstname: string;
  lastname: string;
  email: string;
  username: string;
  password: string;
  created: string;
  modified: string;
  is_active: number;
  failures_num: number;
  first_failure: string | null;
  lock_expires: string | null;
}

export interface AccessTokenTable {
  token_id: Generated<number>;
  /** sha256 of the token, hex: the token itself is never stored. */
  token_hash: string;
  /** Magento's UserContextInterface user types: 1 integration, 2 admin, 3 customer. */
  user_type: number;
  user_id: number;
  created_at: number;
  /** Epoch seconds; null = never expires. */
  expires_at: number | null;
  revoked: number;
}

export interface TokenRequestLogTable {
  log_id: Generated<number>;
  user_name: string;
  /** Magento's throttler types: 2 customer, 3 admin. */
  user_type: number;
  failures_count: number;
  /** Epoch seconds. */
  lock_expires_at: number;
}

export interface StorefrontSessionTable {
  /** sha256 of the session id, hex. */
  session_hash: string;
  customer_id: number | null;
  website_id: number | null;
  form_key: string;
  flash: string | null;
  /** Epoch seconds. */
  created_at: number;
  expires_at: number;
}

export interface AdminSessionTable {
  /** sha256 of the session id, hex. */
  session_hash: string;
  user_id: number;
  stage: string;
  form_key: string;
  flash: string | null;
  /** Epoch seconds. */
  created_at: number;
  expires_at: number;
}

export interface AdminUserTfaTable {
  user_id: number;
  secret: string;
  confirmed: number;
  last_step: number;
}

export interface KeyfrontSecretTable {
  name: string;
  value: string;
  created_at: number;
}

export interface IntegrationTable {
  integration_id: Generated<number>;
  name: string;
  email: string | null;
  /** 1 active, 0 inactive. */
  status: number;
  all_resources: number;
  consumer_key: string;
  /** AES-256-GCM ciphertext (secrets.ts): HMAC signatures need the plain secret. */
  consumer_secret: string;
  /** sha256 of the access token, hex. */
  token_hash: string;
  token_secret: string;
  created_at: string;
  updated_at: string;
}

export interface IntegrationResourceTable {
  integration_id: number;
  resource_id: string;
}

export interface OauthNonceTable {
  integration_id: number;
  nonce: string;
  /** The request's oauth_timestamp, epoch seconds. */
  timestamp: number;
}

export interface AuthorizationRoleTable {
  role_id: Generated<number>;
  role_name: string;
}

export interface AuthorizationRuleTable {
  role_id: number;
  resource_id: string;
}

export interface AdminUserRoleTable {
  user_id: number;
  role_id: number;
}

export interface JwtSigningKeyTable {
  kid: string;
  alg: string;
  /** Encrypted (KeyRing): the HMAC key, or the private JWK as JSON. */
  secret: string;
  public_jwk: string | null;
  created_at: number;
  /** Null while the key signs; else when it leaves the set. */
  retire_at: number | null;
}

export interface JwtAuthRevokedTable {
  /** UserContextInterface types: 2 admin, 3 customer. */
  user_type_id: number;
  user_id: number;
  /** Epoch seconds: JWTs with iat <= this are refused. */
  revoke_before: number;
}

export interface TaxClassTable {
  class_id: number;
  class_name: string;
  /** 'CUSTOMER' or 'PRODUCT' (Magento_Tax). */
  class_type: string;
}

export interface MailOutboxTable {
  mail_id: Generated<number>;
  /** Which mail: registered, registered_no_password, confirmation, confirmed, email_reset, email_reminder. */
  template: string;
  store_id: number;
  customer_id: number | null;
  sender_email: string;
  sender_name: string;
  recipient_email: string;
  recipient_name: string;
  subject: string;
  /** Cleared once delivered: it may carry a reset link. */
  body_text: string | null;
  body_html: string | null;
  created_at: string;
  attempts: number;
  /** Epoch seconds. */
  next_attempt_at: number;
  /** Epoch seconds; a sender's lease on the row. */
  claimed_until: number | null;
  claim_token: string | null;
  sent_at: string | null;
  failed_at: string | null;
  last_error: string | null;
}

export interface PasswordResetRequestEventTable {
  id: Generated<number>;
  /** Magento_Security PasswordResetRequestEvent: 0 customer, 1 admin. */
  request_type: number;
  account_reference: string | null;
  ip: string;
  /** Epoch seconds. */
  created_at: number;
}

export interface MagentoImportStateTable {
  /** Which Magento database: host:port/database[/prefix], never a password. */
  source: string;
  /** Magento's clock at the last run's start, minus a margin: the next run reads rows updated since. */
  watermark: string;
  finished_at: string;
}

/** One row (id 1): raised with every change to core_config_data (migration 0010). */
export interface KeyfrontConfigVersionTable {
  id: number;
  version: number;
}

export interface Tables {
  store_website: StoreWebsiteTable;
  store_group: StoreGroupTable;
  store: StoreTable;
  customer_group: CustomerGroupTable;
  core_config_data: CoreConfigDataTable;
  customer_entity: CustomerEntityTable;
  customer_address_entity: CustomerAddressEntityTable;
  admin_user: AdminUserTable;
  access_token: AccessTokenTable;
  oauth_token_request_log: TokenRequestLogTable;
  storefront_session: StorefrontSessionTable;
  admin_session: AdminSessionTable;
  admin_user_tfa: AdminUserTfaTable;
  keyfront_secret: KeyfrontSecretTable;
  integration: IntegrationTable;
  integration_resource: IntegrationResourceTable;
  oauth_nonce: OauthNonceTable;
  authorization_role: AuthorizationRoleTable;
  authorization_rule: AuthorizationRuleTable;
  admin_user_role: AdminUserRoleTable;
  jwt_auth_revoked: JwtAuthRevokedTable;
  jwt_signing_key: JwtSigningKeyTable;
  tax_class: TaxClassTable;
  mail_outbox: MailOutboxTable;
  password_reset_request_event: PasswordResetRequestEventTable;
  magento_import_state: MagentoImportStateTable;
  keyfront_config_version: KeyfrontConfigVersionTable;
}
