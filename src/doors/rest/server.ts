// Magento's web API conventions for every route: /rest/<store_code>/V1/…, /rest/V1/… (default
// view), /rest/all/V1/… (admin scope); bearer tokens; ACL; Magento's error bodies; PHP-style JSON.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { checkAccess } from '../../auth/acl.ts';
import type { Services } from '../services.ts';
import { Kind, type TSchema } from '@sinclair/typebox';
import type { StoreView } from '../../stores/model.ts';
import { bindParameters, type InputLimits } from './binder.ts';
import { applyFields, parseFields } from './fields-filter.ts';
import { toErrorResponse, WebapiError } from './errors.ts';
import { phpJsonEncode } from './json.ts';
import type { RestContext, RouteDefinition } from './route.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
// Rest\Request::getContentType: a media type, optionally "; charset=…", nothing else.
const CONTENT_TYPE = /^([a-z\d/\-+.]+)(?:; *charset=(.+))?$/i;

/** A request body kept as text until the route has checked access (Magento reads it only then). */
interface RawBody {
  text: string;
  contentType: string | undefined;
}

export function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply.code(status).header('content-type', JSON_TYPE).send(phpJsonEncode(value));
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body, unexpected, reportId } = toErrorResponse(error);
  if (unexpected) request.log.error({ err: error, reportId }, 'unexpected error');
  return sendJson(reply, status, body);
}

/**
 * The REST door as an encapsulated Fastify plugin: its body parsing (every type read as text,
 * parsed by the route after its access check, as Magento reads it only then), its routes and its
 * error answers stay inside it.
 */
export function restDoor(services: Services, routes: RouteDefinition[]): FastifyPluginAsync {
  return async (door) => {
    door.removeAllContentTypeParsers();
    door.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
      done(null, { text: body as string, contentType: request.headers['content-type'] } satisfies RawBody);
    });
    door.setErrorHandler((error, request, reply) => sendError(request, reply, error));

    for (const route of routes) {
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const result = await runRoute(services, route, request);
          return sendJson(reply, 200, result);
        } catch (error) {
          return sendError(request, reply, error);
        }
      };
      door.route({ method: route.method, url: `/rest/V1${route.path.slice(3)}`, handler });
      door.route({ method: route.method, url: `/rest/:storeCode/V1${route.path.slice(3)}`, handler });
    }
    // Magento's Request::getHttpMethod knows only GET, POST, PUT and DELETE.
    door.route({
      method: ['HEAD', 'OPTIONS', 'PATCH'],
      url: '/rest/*',
      handler: (request, reply) => sendError(request, reply, new WebapiError(400, 'Request method is invalid.')),
    });
  };
}

async function runRoute(services: Services, route: RouteDefinition, request: FastifyRequest): Promise<unknown> {
  const { storeCode, ...pathParams } = request.params as Record<string, string>;
  const allStores = storeCode === 'all';
  const store = await services.requests.store(storeCode, { allowAll: true });
  // An unknown store code (or `admin`) leaves a path no request processor takes (RequestProcessorPool).
  if (!store) throw new WebapiError(400, 'Specified request cannot be processed.');
  const raw = request.body as RawBody | undefined;
  const credentials = {
    method: request.method,
    protocol: request.protocol,
    host: request.headers.host ?? '',
    url: request.url,
    authorization: request.headers.authorization,
    body: raw && typeof raw.text === 'string' ? raw : undefined,
  };
  // A read of the signed-in customer, or an admin's read of one customer, gets the customer in the
  // statement that checks the token.
  const preload = route.method !== 'GET' ? undefined : route.access === 'self' ? services.accounts.preloadSignedIn() : route.preloadsCustomer ? preloadNamed(services, pathParams.customerId) : undefined;
  const requestContext = await services.requests.resolve(store, { http: credentials }, request.ip, preload);
  checkAccess(route.access, requestContext.principal);
  if (allStores && route.method === 'GET') throw new WebapiError(400, "Cannot perform GET operation with store code 'all'");

  const body = route.method === 'POST' || route.method === 'PUT' ? parseBody(raw) : {};
  const { fields, ...query } = (request.query ?? {}) as Record<string, unknown>;
  // Magento merges body, query and path parameters; the URL's win.
  const limits = takesDataObjects(route) ? await inputLimits(services, store) : null;
  const input = bindParameters(route.params, { ...body, ...query, ...pathParams }, limits);
  const ctx: RestContext = { ...requestContext, services, allStores };
  const result = await route.handle(ctx, input as never);
  const tree = typeof fields === 'string' ? parseFields(fields) : null;
  return tree && result !== null && typeof result === 'object' ? applyFields(result, tree) : result;
}

function preloadNamed(services: Services, customerId: string | undefined) {
  // Only an id the column can hold: anything else is left to the binder's Magento-style 400.
  const id = Number(customerId);
  return /^[1-9]\d{0,9}$/.test(customerId ?? '') && id <= 2147483647 ? services.accounts.preloadCustomer(id) : undefined;
}

function parseBody(raw: RawBody | undefined): Record<string, unknown> {
  // PHP treats an empty body (and the body "0") as no parameters at all.
  if (!raw || raw.text === '' || raw.text === '0') return {};
  const header = raw.contentType;
  if (!header) throw new WebapiError(400, 'Content-Type header is empty.');
  const match = CONTENT_TYPE.exec(header);
  if (!match) throw new WebapiError(400, 'Content-Type header is invalid.');
  if (match[2] !== undefined && match[2].toLowerCase() !== 'utf-8') throw new WebapiError(400, 'UTF-8 is the only supported charset.');
  if (match[1].toLowerCase() !== 'application/json') {
    throw new WebapiError(400, `Server cannot understand Content-Type HTTP header media type ${match[1]}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.text);
  } catch {
    throw new WebapiError(400, 'Decoding error.');
  }
  // PHP's (array) cast: only an object yields named parameters.
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const LIMIT_PATHS = [
  'webapi/validation/input_limit_enabled',
  'webapi/validation/complex_array_limit',
  'webapi/validation/maximum_page_size',
  'webapi/validation/default_page_size',
];

/** The web API input limits of a store view (IOLimitConfigProvider), or null when they are off. */
async function inputLimits(services: Services, store: StoreView): Promise<InputLimits | null> {
  const values = await services.config.getNumbers(LIMIT_PATHS, store);
  if (values['webapi/validation/input_limit_enabled'] === 0) return null;
  return {
    complexArrayLimit: values['webapi/validation/complex_array_limit'],
    maximumPageSize: values['webapi/validation/maximum_page_size'],
    defaultPageSize: values['webapi/validation/default_page_size'],
  };
}

// Only routes taking data objects or lists can meet a limit: the others skip the config read.
const takesObjects = new WeakMap<RouteDefinition, boolean>();
function takesDataObjects(route: RouteDefinition): boolean {
  let known = takesObjects.get(route);
  if (known === undefined) {
    const walk = (schema: TSchema): boolean =>
      schema[Kind] === 'Array' || (schema[Kind] === 'Object' && schema !== route.params) ||
      Object.values((schema.properties ?? {}) as Record<string, TSchema>).some(walk) ||
      ((schema.anyOf as TSchema[] | undefined) ?? []).some(walk);
    known = walk(route.params);
    takesObjects.set(route, known);
  }
  return known;
}
