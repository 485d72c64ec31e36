// Magento's Store::getFrontendName: the shop's name as customers see it, in pages and in mail.
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { ConfigService } from './service.ts';

/** `general/store_information/name` for the view, else its store group's name, else the view's. */
export async function frontendName(config: ConfigService, stores: StoreService, store: StoreView): Promise<string> {
  const configured = await config.get('general/store_information/name', store);
  if (configured && configured.trim() !== '') return configured.trim();
  const group = (await stores.scopes()).groups.find((g) => g.id === store.storeGroupId);
  return group?.name ?? store.name;
}
