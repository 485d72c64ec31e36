// storeConfig, availableStores, countries, country, and the EAV metadata queries for customer
// and address forms (customAttributeMetadataV2, attributesForm, attributesList).
import type { AttributeMetadata, MetadataEntity } from '../../../customers/attribute-metadata.ts';
import type { StoreView } from '../../../stores/model.ts';
import { readStoreViewConfig } from '../../../settings/store-config.ts';
import type { GraphQlContext } from '../kit/context.ts';
import { GraphQlError } from '../kit/errors.ts';

type Args = Record<string, any>;

async function storeConfigOf(ctx: GraphQlContext, view: StoreView) {
  const { stores, config, newsletter } = ctx.services;
  const scopes = await stores.scopes();
  const group = scopes.groups.find((g) => g.id === view.storeGroupId);
  const website = scopes.websites.find((w) => w.id === view.websiteId);
  const c = await readStoreViewConfig(config, view);
  const v = await config.getMany(
    [
      'customer/password/required_character_classes_number',
      'customer/password/minimum_password_length',
      'customer/password/autocomplete_on_storefront',
      'customer/create_account/confirm',
      'oauth/access_token_lifetime/customer',
      'web/url/use_store',
    ],
    view,
  );
  return {
    id: view.id,
    code: view.code,
    website_id: view.websiteId,
    locale: c.locale,
    base_currency_code: c.baseCurrencyCode,
    default_display_currency_code: c.defaultDisplayCurrencyCode,
    timezone: c.timezone,
    weight_unit: c.weightUnit,
    base_url: c.baseUrl,
    base_link_url: c.baseUrl,
    base_static_url: `${c.baseUrl}static/`,
    base_media_url: `${c.baseUrl}media/`,
    secure_base_url: c.secureBaseUrl,
    secure_base_link_url: c.secureBaseUrl,
    secure_base_static_url: `${c.secureBaseUrl}static/`,
    secure_base_media_url: `${c.secureBaseUrl}media/`,
    store_name: view.name,
    store_code: view.code,
    store_group_code: group?.code ?? null,
    store_group_name: group?.name ?? null,
    store_sort_order: view.sortOrder,
    is_default_store: group?.defaultStoreId === view.id,
    is_default_store_group: website?.defaultGroupId === view.storeGroupId,
    website_code: website?.code ?? null,
    website_name: website?.name ?? null,
    use_store_in_url: v['web/url/use_store'] === '1',
    required_character_classes_number: v['customer/password/required_character_classes_number'],
    minimum_password_length: v['customer/password/minimum_password_length'],
    autocomplete_on_storefront: v['customer/password/autocomplete_on_storefront'] === '1',
    create_account_confirmation: v['customer/create_account/confirm'] === '1',
    customer_access_token_lifetime: Number(v['oauth/access_token_lifetime/customer'] ?? 0),
    newsletter_enabled: await newsletter.isEnabled(view),
  };
}

function countryOf(ctx: GraphQlContext, id: string, locale: string) {
  const { directory } = ctx.services;
  const country = directory.country(id)!;
  const regions = directory.regionsOf(id);
  let localName = country.name;
  try {
    if (!locale.startsWith('en')) localName = new Intl.DisplayNames([locale.replace('_', '-')], { type: 'region' }).of(id) ?? country.name;
  } catch {
    /* an unknown locale keeps the English name */
  }
  return {
    id,
    two_letter_abbreviation: id,
    three_letter_abbreviation: directory.iso3(id),
    full_name_locale: localName,
    full_name_english: country.name,
    available_regions: regions.length === 0 ? null : regions.map((r) => ({ id: r.id, code: r.code, name: r.name })),
  };
}

const ENTITIES: Record<string, MetadataEntity> = { customer: 'customer', customer_address: 'customer_address' };

function metadataOutput(a: AttributeMetadata, entity: MetadataEntity) {
  return {
    __typename: 'CustomerAttributeMetadata',
    code: a.attributeCode,
    label: a.label,
    entity_type: entity === 'customer' ? 'CUSTOMER' : 'CUSTOMER_ADDRESS',
    frontend_input: a.frontendInput.toUpperCase(),
    frontend_class: a.frontendClass,
    is_required: a.required,
    default_value: null,
    is_unique: false,
    options: a.options.map((o) => ({ __typename: 'AttributeOptionMetadata', label: o.label, value: o.value, is_default: false })),
    input_filter: a.inputFilter === '' ? 'NONE' : a.inputFilter.toUpperCase(),
    multiline_count: a.multilineCount,
    sort_order: a.sortOrder,
    validate_rules: a.validationRules.map((r) => ({ name: r.name.toUpperCase(), value: r.value })),
  };
}

export const storeResolvers = {
  Query: {
    storeConfig: (_: unknown, __: Args, ctx: GraphQlContext) => storeConfigOf(ctx, ctx.store),
    availableStores: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const scopes = await ctx.services.stores.scopes();
      const views = scopes.views.filter(
        (v) => v.id !== 0 && v.isActive && v.websiteId === ctx.store.websiteId && (!args.useCurrentGroup || v.storeGroupId === ctx.store.storeGroupId),
      );
      return Promise.all(views.map((v) => storeConfigOf(ctx, v)));
    },
    countries: async (_: unknown, __: Args, ctx: GraphQlContext) => {
      const { locale } = await readStoreViewConfig(ctx.services.config, ctx.store);
      return ctx.services.directory.allCountries().map((c) => countryOf(ctx, c.id, locale));
    },
    country: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const id = String(args.id ?? '');
      if (!ctx.services.directory.country(id)) throw new GraphQlError('graphql-no-such-entity', `The country isn't available.`);
      const { locale } = await readStoreViewConfig(ctx.services.config, ctx.store);
      return countryOf(ctx, id, locale);
    },
    customAttributeMetadataV2: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const items: unknown[] = [];
      const errors: Array<{ type: string; message: string }> = [];
      for (const { attribute_code: code, entity_type: type } of (args.attributes ?? []) as Array<{ attribute_code?: string; entity_type?: string }>) {
        const entity = ENTITIES[String(type ?? '').toLowerCase()];
        if (!entity) {
          errors.push({ type: 'ENTITY_NOT_FOUND', message: `Entity "${type ?? ''}" could not be found.` });
          continue;
        }
        const found = (await ctx.services.attributeMetadata.all(entity)).find((a) => a.attributeCode === code);
        if (found) items.push(metadataOutput(found, entity));
        else errors.push({ type: 'ATTRIBUTE_NOT_FOUND', message: `Attribute code "${code ?? ''}" could not be found.` });
      }
      return { items, errors };
    },
    attributesForm: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const formCode = String(args.formCode);
      for (const entity of ['customer', 'customer_address'] as const) {
        try {
          const list = await ctx.services.attributeMetadata.forForm(entity, formCode);
          return { items: list.map((a) => metadataOutput(a, entity)), errors: [] };
        } catch {
          /* not a form of this entity */
        }
      }
      return { items: [], errors: [{ type: 'ENTITY_NOT_FOUND', message: `Form "${formCode}" could not be found.` }] };
    },
    attributesList: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const entity = ENTITIES[String(args.entityType).toLowerCase()];
      if (!entity) return { items: [], errors: [] };
      return { items: (await ctx.services.attributeMetadata.all(entity)).map((a) => metadataOutput(a, entity)), errors: [] };
    },
  },
};
