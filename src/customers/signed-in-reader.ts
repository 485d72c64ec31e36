// Reads a bearer token's owner and the signed-in customer together (signed-in-repository.ts), for
// one request: the token service judges the owner as always, and the customer read with it is
// kept on the request's context, where AccountService.getById finds it instead of reading again.
import type { OwnerState, TokenOwnerRow } from '../auth/token-repository.ts';
import type { OwnerReader } from '../auth/token-service.ts';
import { USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import type { Preloaded } from '../request/context.ts';
import type { Preload } from '../request/resolver.ts';
import type { Customer } from './model.ts';
import type { SignedInRepository } from './signed-in-repository.ts';

declare module '../request/context.ts' {
  interface Preloaded {
    /** The signed-in customer with the address book, read in the statement that checked the token. */
    customer?: Customer;
  }
}

export class SignedInReader implements OwnerReader, Preload {
  readonly reader: OwnerReader = this;
  private customer: Customer | null = null;

  constructor(
    private readonly repository: SignedInRepository,
    /** Admin JWTs: their owner state as usual (no customer to read). */
    private readonly others: OwnerReader,
  ) {}

  async findWithOwner(tokenHash: string): Promise<TokenOwnerRow | undefined> {
    const found = await this.repository.byToken(tokenHash);
    this.customer = found.customer;
    return found.owner;
  }

  async ownerState(userType: number, userId: number, kid: string): Promise<OwnerState | undefined> {
    if (userType !== USER_TYPE_CUSTOMER) return this.others.ownerState(userType, userId, kid);
    const found = await this.repository.jwtCustomer(userId, kid);
    this.customer = found.customer;
    return found.owner;
  }

  preloaded(): Preloaded {
    return this.customer ? { customer: this.customer } : {};
  }
}
