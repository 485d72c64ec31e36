// The GraphQL door: POST and GET /graphql as Magento 2.4.7's GraphQl controller answers them, in
// its own encapsulated Fastify context. graphql-js parses, validates and executes; this file only
// reads the request, applies Magento's request validators and limits, and writes the response.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { execute, getOperationAST, GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Services } from '../services.ts';
import { phpJsonEncode } from '../rest/json.ts';
import { RequestRejected, resolveContext, resolveStore } from './kit/context.ts';
import { formatError, GraphQlError } from './kit/errors.ts';
import { complexityMessage, depthRule, fieldCount, MAX_COMPLEXITY, noIntrospectionRule, queryComplexity } from './limits.ts';
import { buildKeyfrontSchema } from './executable-schema.ts';

interface RequestData {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

/** A parsed and validated document, kept per query text: storefronts send the same few queries. */
interface Prepared {
  document: DocumentNode | null;
  /** Errors that fail the whole request (syntax): Magento answers them with HTTP 500. */
  fatal: GraphQlError | GraphQLError | null;
  /** Validation errors (unknown fields, depth): HTTP 200 with `errors` only. */
  invalid: GraphQLError[];
  fields: number;
  introspects: boolean;
}

const CACHE_LIMIT = 500;

export function registerGraphQl(app: FastifyInstance, services: Services): void {
  const schema = buildKeyfrontSchema(services.directory);
  const cache = new Map<string, Prepared>();
  const rules: ValidationRule[] = [...specifiedRules, depthRule];

  app.register(async (door) => {
    // Bodies as text: the handler decides what the content type allows (ContentTypeValidator).
    door.removeAllContentTypeParsers();
    door.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    door.setErrorHandler((error, request, reply) => {
      // Fastify's own refusals (body too large, bad framing) and anything unforeseen.
      const status = (error as { statusCode?: number }).statusCode;
      if (!status || status >= 500) request.log.error({ err: error }, 'graphql error');
      return send(reply, status && status < 500 ? status : 500, { errors: [{ message: 'Internal server error' }] });
    });
    const handler = (request: FastifyRequest, reply: FastifyReply) => handle(request, reply);
    door.route({ method: ['GET', 'POST'], url: '/graphql', handler });
  });

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    try {
      const data = readRequest(request);
      const store = await resolveStore(services, request.headers.store);
      const prepared = prepare(data.query);
      if (prepared.fatal) return fail(reply, prepared.fatal);
      const document = prepared.document!;
      // HttpVerbValidator: a mutation only by POST.
      if (request.method !== 'POST' && operationType(document, data.operationName) === 'mutation') {
        return fail(reply, new GraphQlError('graphql-input', 'Mutation requests allowed only for POST requests'));
      }
      // QueryComplexityLimiter::validateFieldCount runs before validation and fails the request.
      if (prepared.fields > MAX_COMPLEXITY) return fail(reply, new GraphQlError('graphql-input', complexityMessage(prepared.fields)));
      const invalid = [...prepared.invalid];
      if (prepared.introspects && (await services.config.getFlag('graphql/validation/disable_introspection', store))) {
        invalid.push(...validate(schema, document, [noIntrospectionRule]));
      }
      const complexity = queryComplexity(document, data.variables);
      if (complexity > MAX_COMPLEXITY) invalid.push(new GraphQLError(complexityMessage(complexity)));
      if (invalid.length > 0) return send(reply, 200, { errors: invalid.flatMap((e) => formatError(e, log(request))) });

      // A query (never a mutation, which must see its own writes) gets the signed-in customer in
      // the statement that checks the token: `{ customer { … } }` is one round trip.
      const isQuery = operationType(document, data.operationName) === 'query';
      const contextValue = await resolveContext(services, request, store, isQuery ? services.accounts.preloadSignedIn() : undefined);
      const result = await execute({ schema, document, contextValue, variableValues: data.variables, operationName: data.operationName });
      const body: { errors?: GraphQLFormattedError[]; data?: unknown } = {};
      if (result.errors?.length) body.errors = result.errors.flatMap((e) => formatError(e, log(request)));
      if (result.data !== undefined) body.data = result.data;
      return send(reply, 200, body);
    } catch (error) {
      if (error instanceof RequestRejected) return fail(reply, error.error);
      request.log.error({ err: error }, 'graphql request failed');
      return send(reply, 500, { errors: [{ message: 'Internal server error' }] });
    }
  }

  function prepare(query: string): Prepared {
    const cached = cache.get(query);
    if (cached) return cached;
    let prepared: Prepared;
    try {
      const document = parse(query);
      prepared = {
        document,
        fatal: null,
        invalid: [...validate(schema, document, rules)],
        fields: fieldCount(document),
        introspects: /__schema|__type\b/.test(query),
      };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      // graphql-php words syntax errors without graphql-js's closing period.
      prepared = { document: null, fatal: new GraphQLError(error.message.replace(/\.$/, ''), { source: error.source, positions: error.positions }), invalid: [], fields: 0, introspects: false };
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(query, prepared);
    return prepared;
  }
}

/** getDataFromRequest + ContentTypeValidator: a JSON body for POST, the query string for GET. */
function readRequest(request: FastifyRequest): RequestData {
  let data: Record<string, unknown>;
  if (request.method === 'POST') {
    const type = request.headers['content-type'] ?? '';
    if (!type.includes('application/json')) throw new RequestRejected(new GraphQlError('graphql-input', 'Request content type must be application/json'));
    const text = typeof request.body === 'string' ? request.body : '';
    data = text === '' ? {} : (parseJson(text) as Record<string, unknown>);
  } else {
    const q = (request.query ?? {}) as Record<string, unknown>;
    data = { ...q, variables: typeof q.variables === 'string' && q.variables !== '' ? parseJson(q.variables) : null };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) data = {};
  const variables = data.variables;
  return {
    query: typeof data.query === 'string' ? data.query : '',
    variables: variables !== null && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {},
    operationName: typeof data.operationName === 'string' && data.operationName !== '' ? data.operationName : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestRejected(new GraphQlError('graphql-input', 'Unable to parse the request.'));
  }
}

/** Magento's visitor keeps the last operation's type; with an operation name, that operation's. */
function operationType(document: DocumentNode, operationName: string | null): string | null {
  const chosen = getOperationAST(document, operationName);
  if (chosen) return chosen.operation;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length > 0 ? (operations[operations.length - 1] as { operation: string }).operation : null;
}

function log(request: FastifyRequest) {
  return (error: unknown) => request.log.error({ err: error }, 'graphql resolver error');
}

/** A request Magento's controller refuses before execution: HTTP 500 (2.4.7), one error. */
function fail(reply: FastifyReply, error: GraphQlError | GraphQLError): FastifyReply {
  if (error instanceof GraphQlError) return send(reply, 500, { errors: [{ message: error.message, extensions: { category: error.category } }] });
  return send(reply, 500, { errors: [{ message: error.message, locations: error.locations }] });
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').header('cache-control', 'no-store').send(phpJsonEncode(body));
}
