// The parts of Magento_StoreGraphQl, Magento_DirectoryGraphQl, Magento_NewsletterGraphQl and
// Magento_EavGraphQl (2.4.7) that account pages use. StoreConfig carries the store, customer,
// newsletter and token fields Keyfront knows; catalog, CMS, checkout and theme fields are absent.
import type { Directory } from '../../../directory/service.ts';

export const STORE_SDL = /* GraphQL */ `
extend type Query {
  "Return details about the store's configuration."
  storeConfig: StoreConfig
  "Get a list of available store views and their config information."
  availableStores("Filter store views by the current store group." useCurrentGroup: Boolean): [StoreConfig]
  "The countries query provides information for all countries."
  countries: [Country]
  "The countries query provides information for a single country."
  country(id: String): Country
  "Retrieve EAV attributes metadata."
  customAttributeMetadataV2(attributes: [AttributeInput!]): AttributesMetadataOutput!
  "Retrieve EAV attributes associated to a frontend form. Use countries query provided by DirectoryGraphQl module to retrieve region_id and country_id attribute options."
  attributesForm("Form code." formCode: String!): AttributesFormOutput!
  "Returns a list of attributes metadata for a given entity type."
  attributesList("Entity type." entityType: AttributeEntityTypeEnum!, "Identifies which filter inputs to search for and return." filters: AttributeFilterInput): AttributesMetadataOutput
}

extend type Mutation {
  "Subscribe the specified email to the store's newsletter."
  subscribeEmailToNewsletter("The email address that will receive the store's newsletter." email: String!): SubscribeEmailToNewsletterOutput
}

"Contains information about a store's configuration."
type StoreConfig {
  id: Int @deprecated(reason: "Use \`store_code\` instead.")
  code: String @deprecated(reason: "Use \`store_code\` instead.")
  website_id: Int @deprecated
  locale: String
  base_currency_code: String
  default_display_currency_code: String
  timezone: String
  weight_unit: String
  base_url: String
  base_link_url: String
  base_static_url: String
  base_media_url: String
  secure_base_url: String
  secure_base_link_url: String
  secure_base_static_url: String
  secure_base_media_url: String
  store_name: String
  store_code: ID
  store_group_code: ID
  store_group_name: String
  store_sort_order: Int
  is_default_store: Boolean
  is_default_store_group: Boolean
  website_code: ID
  website_name: String
  use_store_in_url: Boolean
  "The number of different character classes (lowercase, uppercase, digits, special characters) required in a password."
  required_character_classes_number: String
  "The minimum number of characters required for a valid password."
  minimum_password_length: String
  "Indicates whether to enable autocomplete on login and forgot password forms."
  autocomplete_on_storefront: Boolean
  "Indicates if the new accounts need confirmation."
  create_account_confirmation: Boolean
  "Customer access token lifetime."
  customer_access_token_lifetime: Float
  "Indicates whether newsletters are enabled."
  newsletter_enabled: Boolean!
}

type Country {
  id: String
  two_letter_abbreviation: String
  three_letter_abbreviation: String
  full_name_locale: String
  full_name_english: String
  available_regions: [Region]
}

type Region {
  id: Int
  code: String
  name: String
}

"Contains the result of the \`subscribeEmailToNewsletter\` operation."
type SubscribeEmailToNewsletterOutput {
  "The status of the subscription request."
  status: SubscriptionStatusesEnum
}

"Indicates the status of the request."
enum SubscriptionStatusesEnum {
  NOT_ACTIVE
  SUBSCRIBED
  UNSUBSCRIBED
  UNCONFIRMED
}

"Defines the attribute characteristics to search for the \`attribute_code\` and \`entity_type\` to search."
input AttributeInput {
  attribute_code: String
  entity_type: String
}

"An input object that specifies the filters used for attributes."
input AttributeFilterInput {
  is_comparable: Boolean
  is_filterable: Boolean
  is_filterable_in_search: Boolean
  is_html_allowed_on_front: Boolean
  is_searchable: Boolean
  is_used_for_customer_segment: Boolean
  is_used_for_price_rules: Boolean
  is_used_for_promo_rules: Boolean
  is_visible_in_advanced_search: Boolean
  is_visible_on_front: Boolean
  is_wysiwyg_enabled: Boolean
  used_in_product_listing: Boolean
}

"Metadata of EAV attributes."
type AttributesMetadataOutput {
  items: [CustomAttributeMetadataInterface]!
  errors: [AttributeMetadataError]!
}

"Metadata of EAV attributes associated to form"
type AttributesFormOutput {
  items: [CustomAttributeMetadataInterface]!
  errors: [AttributeMetadataError]!
}

"Attribute metadata retrieval error."
type AttributeMetadataError {
  type: AttributeMetadataErrorType!
  message: String!
}

"Attribute metadata retrieval error types."
enum AttributeMetadataErrorType {
  ENTITY_NOT_FOUND
  ATTRIBUTE_NOT_FOUND
  FILTER_NOT_FOUND
  UNDEFINED
}

"An interface containing fields that define the EAV attribute."
interface CustomAttributeMetadataInterface {
  code: ID!
  label: String
  entity_type: AttributeEntityTypeEnum!
  frontend_input: AttributeFrontendInputEnum
  frontend_class: String
  is_required: Boolean!
  default_value: String
  is_unique: Boolean!
  options: [CustomAttributeOptionInterface]!
}

interface CustomAttributeOptionInterface {
  label: String!
  value: String!
  is_default: Boolean!
}

type AttributeOptionMetadata implements CustomAttributeOptionInterface {
  label: String!
  value: String!
  is_default: Boolean!
}

"Base EAV implementation of CustomAttributeMetadataInterface."
type AttributeMetadata implements CustomAttributeMetadataInterface {
  code: ID!
  label: String
  entity_type: AttributeEntityTypeEnum!
  frontend_input: AttributeFrontendInputEnum
  frontend_class: String
  is_required: Boolean!
  default_value: String
  is_unique: Boolean!
  options: [CustomAttributeOptionInterface]!
}

"Customer attribute metadata."
type CustomerAttributeMetadata implements CustomAttributeMetadataInterface {
  code: ID!
  label: String
  entity_type: AttributeEntityTypeEnum!
  frontend_input: AttributeFrontendInputEnum
  frontend_class: String
  is_required: Boolean!
  default_value: String
  is_unique: Boolean!
  options: [CustomAttributeOptionInterface]!
  input_filter: InputFilterEnum
  multiline_count: Int
  sort_order: Int
  validate_rules: [ValidationRule]
}

"Defines a customer attribute validation rule."
type ValidationRule {
  name: ValidationRuleEnum
  value: String
}

enum ValidationRuleEnum {
  DATE_RANGE_MAX
  DATE_RANGE_MIN
  FILE_EXTENSIONS
  INPUT_VALIDATION
  MAX_TEXT_LENGTH
  MIN_TEXT_LENGTH
  MAX_FILE_SIZE
  MAX_IMAGE_HEIGHT
  MAX_IMAGE_WIDTH
}

enum InputFilterEnum {
  NONE
  DATE
  TRIM
  STRIPTAGS
  ESCAPEHTML
}

"List of all entity types. Populated by the modules introducing EAV entities."
enum AttributeEntityTypeEnum {
  CATALOG_PRODUCT
  CATALOG_CATEGORY
  CUSTOMER
  CUSTOMER_ADDRESS
}

"EAV attribute frontend input types."
enum AttributeFrontendInputEnum {
  BOOLEAN
  DATE
  DATETIME
  FILE
  GALLERY
  HIDDEN
  IMAGE
  MEDIA_IMAGE
  MULTILINE
  MULTISELECT
  PRICE
  SELECT
  TEXT
  TEXTAREA
  WEIGHT
  UNDEFINED
}
`;

/** CountryCodeEnum, from the directory Keyfront serves (the countries Magento's data installs). */
export function countryCodeEnum(directory: Directory): string {
  const values = directory.allCountries().map((c) => `  "${c.name.replace(/["\\]/g, '')}"\n  ${c.id}`);
  return `"The list of country codes."\nenum CountryCodeEnum {\n${values.join('\n')}\n}\n`;
}
