// Who is calling, from a request's credentials: `Authorization: Bearer <token>` (customer and
// admin tokens, opaque or JWT; integration tokens when enabled) or `Authorization: OAuth …`
// (integrations, OAuth 1.0a). Every failure is simply anonymous, as in Magento's REST door.
import type { IntegrationService, SignedRequest } from '../integrations/service.ts';
import { ANONYMOUS, type Principal } from '../auth/principal.ts';
import type { OwnerReader, TokenService } from '../auth/token-service.ts';

/** The parts of an HTTP request that carry credentials (the body only for OAuth 1.0a form parameters). */
export type CredentialsRequest = Omit<SignedRequest, 'authorization'> & { authorization: string | undefined };

export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly integrations: IntegrationService,
  ) {}

  /** `reader`: where a bearer token's owner is read (see OwnerReader); the token repository when absent. */
  async principalFor(request: CredentialsRequest, reader?: OwnerReader): Promise<Principal> {
    const header = request.authorization;
    if (!header) return ANONYMOUS;
    if (/^oauth\s/i.test(header)) return this.integrations.principalForSignedRequest({ ...request, authorization: header });
    // TokenUserContext: exactly "<scheme> <token>", the scheme matched case-insensitively.
    const parts = header.split(' ');
    if (parts.length !== 2 || parts[0].toLowerCase() !== 'bearer') return ANONYMOUS;
    const principal = await this.tokens.principalFor(parts[1], reader);
    if (principal.type !== 'anonymous') return principal;
    return this.integrations.principalForBearer(parts[1]);
  }
}
