// One resolution of "which store, which website, who" for every door. REST, the storefront and
// every later door call it once per request; the rules (store codes, credentials, website
// scoping of customers under the account-sharing setting) live only here.
import { ANONYMOUS, type Principal } from '../auth/principal.ts';
import type { Clock } from '../lib/clock.ts';
import type { AccountSharing } from '../settings/account-sharing.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { OwnerReader } from '../auth/token-service.ts';
import type { Authenticator, CredentialsRequest } from './authenticator.ts';
import type { Preloaded, RequestContext } from './context.ts';

/** What a request presents: HTTP credentials (Bearer or OAuth 1.0a), or a storefront session's customer. */
export type Credentials = { http: CredentialsRequest } | { session: { customerId: number; websiteId: number } } | null;

/** A reader of a token's owner that fetches more in the same statement, and what it fetched. */
export interface Preload {
  reader: OwnerReader;
  preloaded(): Preloaded;
}

export interface StoreLookup {
  /** `all` names the admin scope (REST's /rest/all/V1). */
  allowAll?: boolean;
  /** Inactive views answer null (pages are not served for a disabled view). */
  activeOnly?: boolean;
}

export class RequestResolver {
  constructor(
    private readonly stores: StoreService,
    private readonly authenticator: Authenticator,
    private readonly sharing: AccountSharing,
    private readonly clock: Clock,
  ) {}

  /**
   * The store view a URL's (or header's) code names: none → the default view; `all` → the admin
   * view where allowed; an unknown code, `admin`, or (with activeOnly) a disabled view → null.
   */
  async store(code: string | undefined, lookup: StoreLookup = {}): Promise<StoreView | null> {
    if (code === undefined) return this.stores.defaultView();
    if (code === 'all' && lookup.allowAll) return this.stores.adminView();
    const store = await this.stores.viewByCode(code);
    if (!store || store.id === 0 || (lookup.activeOnly && !store.isActive)) return null;
    return store;
  }

  /**
   * The request's context: its caller from the credentials, scoped to the store's website.
   * `preload`: read more with a bearer token's owner (the signed-in customer), kept on the context.
   */
  async resolve(store: StoreView, credentials: Credentials, ip: string, preload?: Preload): Promise<RequestContext> {
    let principal: Principal = ANONYMOUS;
    if (credentials && 'http' in credentials) principal = await this.authenticator.principalFor(credentials.http, preload?.reader);
    else if (credentials && 'session' in credentials) principal = { type: 'customer', ...credentials.session, tokenId: 0 };
    const ctx = await this.context(store, await this.scoped(principal, store), ip);
    return preload && ctx.principal.type !== 'anonymous' ? { ...ctx, preloaded: preload.preloaded() } : ctx;
  }

  /** A context for work no request caused (the CLI, start-up): anonymous, in the given or default view. */
  async system(store?: StoreView): Promise<RequestContext> {
    return this.context(store ?? (await this.stores.defaultView()), ANONYMOUS, '127.0.0.1');
  }

  /**
   * A customer counts only on the store views of their own website, unless accounts are shared
   * globally (customer/account_share/scope = 0); elsewhere the request is anonymous.
   */
  private async scoped(principal: Principal, store: StoreView): Promise<Principal> {
    if (principal.type !== 'customer' || principal.websiteId === store.websiteId) return principal;
    return (await this.sharing.isGlobal()) ? principal : ANONYMOUS;
  }

  private async context(store: StoreView, principal: Principal, ip: string): Promise<RequestContext> {
    const website = await this.stores.websiteById(store.websiteId);
    if (!website) throw new Error(`store view ${store.id} names a missing website ${store.websiteId}`);
    return { store, website, principal, ip, clock: this.clock };
  }
}
