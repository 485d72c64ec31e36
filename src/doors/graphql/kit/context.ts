// What every GraphQL resolver knows: the request context (the store view of the `Store` header,
// its website, the caller of the Authorization header) resolved once by the request layer, as
// for every door, plus the services. Only Magento's GraphQL wording of a refusal lives here.
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../../request/context.ts';
import type { Preload } from '../../../request/resolver.ts';
import type { StoreView } from '../../../stores/model.ts';
import type { Services } from '../../services.ts';
import { GraphQlError, NOT_AUTHORIZED } from './errors.ts';

export interface GraphQlContext extends RequestContext {
  services: Services;
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
  const store = await services.requests.store(code === '' ? undefined : code, { activeOnly: true });
  if (!store) throw new RequestRejected(new GraphQlError('graphql-input', 'Requested store is not found'));
  return store;
}

/**
 * The request context: `Authorization: Bearer <token>` (customer tokens, opaque or JWT, as for
 * REST). An empty header, an unknown, expired or revoked token, or a customer token of another
 * website (unless accounts are shared globally) is a guest, as in Magento 2.4.7.
 * `preload`: read the signed-in customer with the token (AccountService.preloadSignedIn).
 */
export async function resolveContext(services: Services, request: FastifyRequest, store: StoreView, preload?: Preload): Promise<GraphQlContext> {
  const header = request.headers.authorization;
  const credentials = header
    ? { http: { method: request.method, protocol: request.protocol, host: request.headers.host ?? '', url: request.url, authorization: header, body: undefined } }
    : null;
  return { ...(await services.requests.resolve(store, credentials, request.ip, preload)), services };
}

/** The signed-in customer's id, or Magento's authorization error for everybody else. */
export function customerIdOf(ctx: GraphQlContext): number {
  if (ctx.principal.type !== 'customer') throw new GraphQlError('graphql-authorization', NOT_AUTHORIZED);
  return ctx.principal.customerId;
}
