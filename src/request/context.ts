// What every service call knows about the request that caused it, whichever door it came
// through (Vendure's RequestContext): the store view and its website, the caller, the client's
// address, the clock, and the transaction the call writes through when one is open.
import type { Principal } from '../auth/principal.ts';
import type { Executor } from '../db/database.ts';
import { AuthorizationError } from '../errors/domain-errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { StoreView, Website } from '../stores/model.ts';

/**
 * What a door asked to have read together with the credentials, in the same statement (one round
 * trip where there would be two). Empty here: a domain folder adds its own field by declaration
 * merging (customers/signed-in-reader.ts adds `customer`), so request/ imports nothing from it.
 */
export interface Preloaded {}

export interface RequestContext {
  readonly store: StoreView;
  readonly website: Website;
  /** Who is calling; ownership (which customer, which website) comes from here, never from a body. */
  readonly principal: Principal;
  /** The client's address (Magento's RemoteAddress), for per-IP limits. */
  readonly ip: string;
  readonly clock: Clock;
  /** The open transaction, when the call is part of one (see db/database.ts Transactor). */
  readonly tx?: Executor;
  /** Read with the credentials, when the door asked for it (see Preloaded). */
  readonly preloaded?: Preloaded;
}

/**
 * The signed-in customer's id: Magento's "self" resources. Doors check access before calling a
 * self route; this refuses the same way if anything else ever reaches one without a customer.
 */
export function selfCustomerId(ctx: Pick<RequestContext, 'principal'>): number {
  if (ctx.principal.type !== 'customer') throw new AuthorizationError(['self']);
  return ctx.principal.customerId;
}
