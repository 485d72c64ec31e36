// A REST route is declared once: method, Magento path, ACL resources, parameter and response
// schemas, handler. The schemas bind the input, type the handler and feed the OpenAPI document.
import type { Static, TArray, TObject, TOptional, TSchema, TUnion, TNull } from '@sinclair/typebox';
import type { RequestContext } from '../../request/context.ts';
import type { Services } from '../services.ts';

/** Who may call: anyone, the customer whose token it is, or holders of these ACL resources. */
export type Access = 'anonymous' | 'self' | readonly string[];

/** The request's context (request/context.ts), plus what a REST handler needs to call on. */
export interface RestContext extends RequestContext {
  services: Services;
  /** True when the URL named store code `all` (the admin scope). */
  allStores: boolean;
}

type Unwrap<T> = T extends TOptional<infer U> ? Unwrap<U> : T extends TUnion<[infer A extends TSchema, TNull]> ? A : T;
type Bound<T> = Unwrap<T> extends TObject
  ? Record<string, any>
  : Unwrap<T> extends TArray<infer I>
    ? Array<Bound<I>>
    : Unwrap<T> extends infer U extends TSchema
      ? Static<U>
      : unknown;
/** What the binder hands a handler: camelCase parameters, data objects as plain camelCase records. */
export type BoundParams<P extends TObject> = { [K in keyof P['properties']]?: Bound<P['properties'][K]> };

export interface RouteDefinition<P extends TObject = TObject, R extends TSchema = TSchema> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Magento's route, e.g. '/V1/customers/:customerId'. */
  path: string;
  access: Access;
  summary: string;
  tag: string;
  params: P;
  response: R;
  /** A GET whose `:customerId` customer is read with the token, in one statement (AccountService.preloadCustomer). */
  preloadsCustomer?: boolean;
  handle(ctx: RestContext, input: BoundParams<P>): Promise<Static<R>>;
}

export function defineRoute<P extends TObject, R extends TSchema>(route: RouteDefinition<P, R>): RouteDefinition<P, R> {
  return route;
}

export function accessLabel(access: Access): string {
  return typeof access === 'string' ? access : access.join(', ');
}
