// The routes other services use to trust Keyfront's tokens, outside /rest: the JWK Set,
// RFC 7662 introspection and the gateway check. Errors are Magento's JSON bodies, as everywhere.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formPairs } from '../../auth/oauth1.ts';
import { AuthorizationError, InputError } from '../../errors/domain-errors.ts';
import type { Services } from '../services.ts';
import { etagOf, INTROSPECT_RESOURCE, type TrustService } from '../../trust/service.ts';
import { phpJsonEncode } from '../rest/json.ts';
import { toErrorResponse, WebapiError } from '../rest/errors.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Verifiers may cache the key set this long; jose's createRemoteJWKSet refetches at once on an unknown kid. */
const JWKS_MAX_AGE_SECONDS = 60;

function send(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply.code(status).header('content-type', JSON_TYPE).header('cache-control', 'no-store').send(phpJsonEncode(value));
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body } = toErrorResponse(error);
  return send(reply, status, body);
}

export async function trustDoor(app: FastifyInstance, opts: { services: Services; trust: TrustService }): Promise<void> {
  const { services, trust } = opts;
  // Bodies as text, parsed by the route (introspection takes a form): this plugin's own parsers.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => done(null, { text: body as string, contentType: request.headers['content-type'] }));

  app.get('/.well-known/jwks.json', async (request, reply) => {
    const body = JSON.stringify(await services.jwtKeys.publicJwks());
    const etag = etagOf(body);
    reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`).header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.code(200).header('content-type', 'application/jwk-set+json').send(body);
  });

  app.post('/oauth2/introspect', async (request, reply) => {
    const client = await trust.authenticateClient(request.headers.authorization, request.ip);
    if (!client.ok) {
      if (client.reason === 'throttled') return sendError(reply, new WebapiError(429, 'Too many requests. Please try again later.'));
      reply.header('www-authenticate', 'Basic realm="keyfront", charset="UTF-8"');
      return sendError(reply, new AuthorizationError([INTROSPECT_RESOURCE]));
    }
    const raw = request.body as { text: string; contentType: string | undefined } | undefined;
    if (!raw || !/^application\/x-www-form-urlencoded\b/i.test(raw.contentType ?? '')) {
      return sendError(reply, new WebapiError(400, `Server cannot understand Content-Type HTTP header media type ${(raw?.contentType ?? '').split(';')[0] || 'none'}`));
    }
    const token = formPairs(raw.text)?.find(([name]) => name === 'token')?.[1];
    if (!token) return sendError(reply, InputError.required('token'));
    return send(reply, 200, await trust.introspect(token));
  });

  // nginx auth_request and Traefik ForwardAuth send GET; Envoy ext_authz keeps the method and
  // appends the original path: every method and any path below /auth/verify is the same check.
  const verify = async (request: FastifyRequest, reply: FastifyReply) => {
    const customer = await trust.verifyCustomer(request.headers.authorization);
    if (!customer) {
      reply.header('www-authenticate', 'Bearer');
      return sendError(reply, new AuthorizationError(['self']));
    }
    return reply
      .code(204)
      .header('cache-control', 'no-store')
      .header('x-customer-id', String(customer.customerId))
      .header('x-customer-website-id', String(customer.websiteId))
      .header('x-customer-group-id', String(customer.groupId))
      .send();
  };
  app.all('/auth/verify', verify);
  app.all('/auth/verify/*', verify);
}
