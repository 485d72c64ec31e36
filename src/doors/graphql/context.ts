// What every GraphQL resolver knows: the store view of the `Store` header, the caller of the
// Authorization header, and the services. A thin adapter over the same StoreService and
// Authenticator the REST door uses, with Magento's GraphQL rules for the header values.
import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../../auth/principal.ts';
import type { Services } from '../../services.ts';
import type { StoreView } from '../../stores/model.ts';
import { GraphQlError, NOT_AUTHORIZED } from './errors.ts';

export interface GraphQlContext {
  services: Services;
  store: StoreView;
  principal: Principal;
  ip: string;
}

/** Thrown before execution: the whole request fails (Magento's HttpRequestValidator errors). */
export class RequestRejected extends Error {
  constructor(readonly error: GraphQlError) {
    super(error.message);
  }
}

/**
 * StoreValidator: no header (or an empty one) is the default store view; a code that names no
 * active store view (the admin view included) is refused.
 */
export async function resolveStore(services: Services, header: string | string[] | undefined): Promise<StoreView> {
  const code = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  if (code === '') return services.stores.defaultView();
  const store = await services.stores.viewByCode(code);
  if (!store || store.id === 0 || !store.isActive) throw new RequestRejected(new GraphQlError('graphql-input', 'Requested store is not found'));
  return store;
}

/**
 * The caller: `Authorization: Bearer <token>` (customer tokens, opaque or JWT, as for REST). An
 * empty header, an unknown, expired or revoked token, or a customer token of another website
 * (unless accounts are shared globally) is a guest, as in Magento 2.4.7.
 */
export async function resolvePrincipal(services: Services, request: FastifyRequest, store: StoreView): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) return ANONYMOUS;
  const principal = await services.authenticator.principalFor({
    method: request.method,
    protocol: request.protocol,
    host: request.headers.host ?? '',
    url: request.url,
    authorization: header,
    body: undefined,
  });
  if (principal.type === 'customer' && principal.websiteId !== store.websiteId && !(await services.accounts.isGlobalSharing())) return ANONYMOUS;
  return principal;
}

/** The signed-in customer's id, or Magento's authorization error for everybody else. */
export function customerIdOf(ctx: GraphQlContext): number {
  if (ctx.principal.type !== 'customer') throw new GraphQlError('graphql-authorization', NOT_AUTHORIZED);
  return ctx.principal.customerId;
}
