// StoreConfigManager: the configuration values a store view reports about itself, resolved
// store view → website → default. REST's /V1/store/storeConfigs and GraphQL's storeConfig read it.
import type { ConfigService } from './service.ts';
import type { StoreView } from '../stores/model.ts';

export interface StoreViewConfig {
  locale: string;
  baseCurrencyCode: string;
  defaultDisplayCurrencyCode: string;
  timezone: string;
  weightUnit: string;
  baseUrl: string;
  secureBaseUrl: string;
}

export async function readStoreViewConfig(config: ConfigService, view: StoreView): Promise<StoreViewConfig> {
  const v = await config.getMany(
    ['general/locale/code', 'currency/options/base', 'currency/options/default', 'general/locale/timezone', 'general/locale/weight_unit', 'web/unsecure/base_url', 'web/secure/base_url'],
    view,
  );
  return {
    locale: v['general/locale/code'] ?? '',
    baseCurrencyCode: v['currency/options/base'] ?? '',
    defaultDisplayCurrencyCode: v['currency/options/default'] ?? '',
    timezone: v['general/locale/timezone'] ?? '',
    weightUnit: v['general/locale/weight_unit'] ?? '',
    baseUrl: v['web/unsecure/base_url'] ?? '',
    secureBaseUrl: v['web/secure/base_url'] ?? '',
  };
}
