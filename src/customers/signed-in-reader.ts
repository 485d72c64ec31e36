// Reads a bearer token's owner and the signed-in customer (or, for an admin, the customer the
// request names) together (signed-in-repository.ts), for one request: the token service judges the owner as always, and the customer read with it is
// kept on the request's context, where AccountService.getById finds it instead of reading again.
import type { OwnerState, TokenOwnerRow } from '../auth/token-repository.ts';
import type { OwnerReader } from '../auth/token-service.ts';
import { USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import type { Preloaded } from '../request/context.ts';
import type { Preload } from '../request/resolver.ts';
import type { SessionRow } from '../sessions/session-repository.ts';
import type { SessionRowReader } from '../sessions/session-store.ts';
import type { Customer } from './model.ts';
import type { SignedInRepository } from './signed-in-repository.ts';

declare module '../request/context.ts' {
  interface Preloaded {
    /** The signed-in customer with the address book, read in the statement that checked the token. */
    customer?: Customer;
  }
}

export class SignedInReader implements OwnerReader, SessionRowReader, Preload {
  readonly reader: OwnerReader = this;
  private customer: Customer | null = null;

  constructor(
    private readonly repository: SignedInRepository,
    /** Admin JWTs: their owner state as usual (no customer to read). */
    private readonly others: OwnerReader,
    /** An admin's read of this customer (GET /V1/customers/:id); undefined: the token's own customer. */
    private readonly customerId?: number,
  ) {}

  async findWithOwner(tokenHash: string): Promise<TokenOwnerRow | undefined> {
    const found = this.customerId === undefined ? await this.repository.byToken(tokenHash) : await this.repository.byAdminToken(tokenHash, this.customerId);
    this.customer = found.customer;
    return found.owner;
  }

  async ownerState(userType: number, userId: number, kid: string): Promise<OwnerState | undefined> {
    if (userType !== USER_TYPE_CUSTOMER || this.customerId !== undefined) return this.others.ownerState(userType, userId, kid);
    const found = await this.repository.jwtCustomer(userId, kid);
    this.customer = found.customer;
    return found.owner;
  }

  /** A storefront session's row, with its customer (SessionStore.find). */
  async find(sessionHash: string): Promise<SessionRow | undefined> {
    const found = await this.repository.bySession(sessionHash);
    this.customer = found.customer;
    return found.owner;
  }

  preloaded(): Preloaded {
    return this.customer ? { customer: this.customer } : {};
  }
}
