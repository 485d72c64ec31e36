// Which store view and website a customer record belongs to when it is created or saved: the
// body's store_id/website_id when given (and consistent), else what is stored, else the request's.
import { NoSuchEntityError, StateError } from '../errors/domain-errors.ts';
import type { RequestContext } from '../request/context.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { CustomerInput } from './model.ts';
import type { CustomerRow } from './repository.ts';

export class AccountScope {
  constructor(private readonly stores: StoreService) {}

  /** A new account (createAccount): the body's view or website, else the view of the URL (the default view for /rest/all). */
  async forCreate(ctx: RequestContext, input: CustomerInput): Promise<{ store: StoreView; websiteId: number }> {
    const { stores } = this;
    let store: StoreView | null = null;
    if (input.storeId !== null && input.storeId !== undefined) {
      store = await stores.viewById(input.storeId);
      if (!store || store.id === 0) throw NoSuchEntityError.byField('storeId', input.storeId);
    }
    if (input.websiteId !== null && input.websiteId !== undefined) {
      const website = await stores.websiteById(input.websiteId);
      if (!website || website.id === 0) throw NoSuchEntityError.byField('websiteId', input.websiteId);
      if (store && store.websiteId !== website.id) throw new StateError('customer.store_not_in_website');
      store ??= ctx.store.websiteId === website.id ? ctx.store : await stores.defaultViewOfWebsite(website.id);
      if (!store) throw NoSuchEntityError.byField('websiteId', input.websiteId);
    }
    store ??= ctx.store.id === 0 ? await stores.defaultView() : ctx.store;
    return { store, websiteId: store.websiteId };
  }

  /** A repository save by an admin: the body's, else the stored ones, else the URL's. */
  async forAdminSave(ctx: RequestContext, input: CustomerInput, existing: CustomerRow | undefined): Promise<{ store: StoreView; websiteId: number | null }> {
    const { stores } = this;
    const websiteId = input.websiteId ?? null;
    if (websiteId !== null) {
      const website = await stores.websiteById(websiteId);
      if (!website || website.id === 0) throw NoSuchEntityError.byField('websiteId', websiteId);
    }
    let store: StoreView | null = null;
    if (input.storeId !== null && input.storeId !== undefined) {
      store = await stores.viewById(input.storeId);
      if (!store || store.id === 0) throw NoSuchEntityError.byField('storeId', input.storeId);
      if (websiteId !== null && store.websiteId !== websiteId) throw new StateError('customer.store_not_in_website');
    }
    if (!store && existing && (websiteId === null || existing.website_id === websiteId)) store = await stores.viewById(existing.store_id);
    if (!store && websiteId !== null) store = ctx.store.websiteId === websiteId ? ctx.store : await stores.defaultViewOfWebsite(websiteId);
    store ??= ctx.store.id === 0 ? await stores.defaultView() : ctx.store;
    return { store, websiteId };
  }

  /** A customer's own save: group, website and store never change. */
  async forSelfSave(ctx: RequestContext, existing: CustomerRow): Promise<{ store: StoreView; websiteId: number }> {
    return { store: (await this.stores.viewById(existing.store_id)) ?? ctx.store, websiteId: existing.website_id };
  }
}
