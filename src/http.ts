// The HTTP server: Fastify with the REST door, the OpenAPI document and Magento's 404.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import qs from 'qs';
import { registerOpenApi } from './doors/rest/openapi.ts';
import { restRoutes } from './doors/rest/routes/index.ts';
import { NO_ROUTE } from './doors/rest/errors.ts';
import { restDoor, sendError, sendJson } from './doors/rest/server.ts';
import { registerGraphQl } from './doors/graphql/plugin.ts';
import { registerStorefront } from './doors/storefront/plugin.ts';
import { trustDoor } from './doors/trust/plugin.ts';
import type { KeyfrontOptions } from './options.ts';
import type { Services } from './doors/services.ts';

/** Logs a request without what may carry a secret: no query string, no reset token in the path. */
function safeUrl(url: string): string {
  return url.split('?')[0].replace(/(resetLinkToken\/)[^/]+/, '$1***');
}

export function buildHttpServer(services: Services, options: KeyfrontOptions): FastifyInstance {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      // stdout carries the one start-up line; logs go to stderr.
      stream: process.stderr,
      serializers: {
        req: (req) => ({ method: req.method, url: safeUrl(req.url) }),
        // Driver errors can carry the statement with its values (mysql2 formats them in): keep only what explains the failure.
        err: (err: Error & { code?: unknown }) => ({ type: err.name, message: String(err.message).slice(0, 500), code: err.code, stack: err.stack ?? '' }),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    // Request lines cost throughput; errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: process.env.KEYFRONT_LOG_REQUESTS !== '1' }),
    bodyLimit: options.bodyLimit,
    routerOptions: {
      maxParamLength: 500,
      // PHP-style brackets: searchCriteria[filter_groups][0][filters][0][field]=email, storeCodes[]=default.
      querystringParser: (str) => qs.parse(str, { depth: 8, arrayLimit: 200, parameterLimit: 1000 }) as Record<string, unknown>,
    },
    trustProxy: false,
    exposeHeadRoutes: false,
  });
  // A request no door claims is answered without reading its body (Magento's 404 ignores it).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));
  app.register(restDoor(services, restRoutes));
  registerOpenApi(app, services, restRoutes);
  // The customer pages, in their own encapsulated context. The password-reset pages are wired
  // (`passwordReset`) once the reset service and mail outbox exist.
  registerStorefront(app, services);
  // Magento's GraphQL endpoint, in its own encapsulated context too.
  registerGraphQl(app, services);
  // JWK Set, introspection and the gateway check, outside /rest (issue 14).
  app.register(trustDoor, { services, trust: services.trust });
  app.setNotFoundHandler((_request, reply) => sendJson(reply, 404, { message: NO_ROUTE }));
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  return app;
}
