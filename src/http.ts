// The HTTP server: Fastify with the REST door, the OpenAPI document and Magento's 404.
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import qs from 'qs';
import { registerOpenApi } from './doors/rest/openapi.ts';
import { restRoutes } from './doors/rest/routes/index.ts';
import { NO_ROUTE } from './doors/rest/errors.ts';
import { restDoor, sendError, sendJson } from './doors/rest/server.ts';
import { adminDoor } from './doors/admin/plugin.ts';
import { registerGraphQl } from './doors/graphql/plugin.ts';
import { registerStorefront } from './doors/storefront/plugin.ts';
import { observeRequests, opsDoor, registerMetricsRoute } from './doors/ops/plugin.ts';
import { trustDoor } from './doors/trust/plugin.ts';
import type { KeyfrontOptions } from './options.ts';
import type { MetricsText } from './ops/metrics.ts';
import type { Services } from './doors/services.ts';

/** Logs a request without what may carry a secret: no query string, no reset token in the path. */
function safeUrl(url: string): string {
  return url.split('?')[0].replace(/(resetLinkToken\/)[^/]+/, '$1***');
}

function isApi(url: string): boolean {
  return url.startsWith('/rest/') || url === '/rest' || url.startsWith('/graphql') || url.startsWith('/schema') || url.startsWith('/health/') || url.startsWith('/metrics');
}

/**
 * Every API answer: never cached (tokens above all), never sniffed. CORS is off unless
 * KEYFRONT_CORS_ORIGINS lists origins: those get Access-Control-Allow-Origin and a preflight answer.
 */
function apiHeaders(corsOrigins: readonly string[]) {
  const allowed = new Set(corsOrigins);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isApi(request.url)) return;
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    const origin = request.headers.origin;
    if (allowed.size === 0 || !origin || !request.url.startsWith('/rest')) return;
    reply.header('vary', 'Origin');
    if (!allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply
        .header('access-control-allow-methods', 'GET, POST, PUT, DELETE')
        .header('access-control-allow-headers', 'Authorization, Content-Type, Accept, Store')
        .header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  };
}

/** A request the router or the HTTP parser refused: Magento's error shape for the API, HTML for pages. */
function frameworkError(url: string, reply: FastifyReply, error: { statusCode?: number }): FastifyReply {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  if (isApi(url)) return sendJson(reply, status, { message: status === 400 ? 'Bad request.' : `${STATUS_CODES[status] ?? 'Bad Request'}.` });
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(BAD_REQUEST_HTML);
}

const BAD_REQUEST_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>Error</h1><p>The request could not be understood. Please go back and try again.</p></body></html>';

/**
 * What Node's HTTP parser refuses before Fastify sees a request (an oversized URL or header: 431,
 * 414; a malformed request line: 400), written straight to the socket in the same shapes.
 */
export function clientErrorAnswer(error: { code?: string; rawPacket?: Buffer }): string {
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 414 ? 'URI Too Long' : 'Bad Request';
  const line = error.rawPacket ? error.rawPacket.subarray(0, 64).toString('latin1') : '';
  const api = /^[A-Z]+ \/(rest|graphql|schema|health|metrics)\b/.test(line) || line === '';
  const body = api ? JSON.stringify({ message: status === 400 ? 'Bad request.' : reason + '.' }) : BAD_REQUEST_HTML;
  const type = api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`;
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
    // KEYFRONT_TRUST_PROXY: which hops' X-Forwarded-For/-Proto count (client IP for reset limits,
    // https for Secure cookies and HSTS). Off by default: a header from anyone else is ignored.
    // (A hop count is accepted at run time; the type does not list it.)
    trustProxy: options.trustProxy as boolean | string[],
    // The router's own refusals (a path that is not UTF-8) in the door's own shape.
    frameworkErrors: (error, request, reply) => frameworkError(request.url, reply, error),
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      socket.end(clientErrorAnswer(error as unknown as { code?: string; rawPacket?: Buffer }));
    },
    exposeHeadRoutes: false,
  });
  // A request no door claims is answered without reading its body (Magento's 404 ignores it).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));
  app.addHook('onRequest', apiHeaders(options.corsOrigins));
  if (services.metrics) observeRequests(app, services.metrics);
  app.register(opsDoor(services, { metricsHere: options.metrics && options.metricsPort === null }));
  app.register(restDoor(services, restRoutes));
  registerOpenApi(app, services, restRoutes);
  // The customer pages, in their own encapsulated context. The password-reset pages are wired
  // (`passwordReset`) once the reset service and mail outbox exist.
  registerStorefront(app, services);
  // The admin pages, in their own context under KEYFRONT_ADMIN_PATH.
  app.register(adminDoor(services, options.adminPath), { prefix: options.adminPath });
  // Magento's GraphQL endpoint, in its own encapsulated context too.
  registerGraphQl(app, services);
  // JWK Set, introspection and the gateway check, outside /rest (issue 14).
  app.register(trustDoor, { services, trust: services.trust });
  app.setNotFoundHandler((_request, reply) => sendJson(reply, 404, { message: NO_ROUTE }));
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  return app;
}

/**
 * KEYFRONT_METRICS_PORT: /metrics alone, on its own port (bind it where only Prometheus reaches).
 * One process listens there: the only one, or a cluster's primary (serving the workers' sum).
 */
export function buildMetricsServer(metrics: MetricsText | null): FastifyInstance | null {
  if (!metrics) return null;
  const app = Fastify({ logger: false });
  registerMetricsRoute(app, metrics);
  return app;
}
