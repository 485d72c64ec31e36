// The OpenAPI document, generated from the route table (Magento serves its Swagger document at
// /rest/<store_code>/schema), and a Swagger UI page at /swagger to browse it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { NO_ROUTE } from './errors.ts';
import { accessLabel, type RouteDefinition } from './route.ts';
import { sendJson } from './server.ts';

/** JSON Schema without TypeBox's and Keyfront's private keywords. */
function clean(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(clean);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$id' || key === 'phpType') continue;
    out[key] = clean(value);
  }
  return out;
}

const ErrorSchema = {
  type: 'object',
  properties: {
    message: { type: 'string', description: "Magento's raw message, with %placeholders" },
    errors: { type: 'array', items: { type: 'object', properties: { message: { type: 'string' }, parameters: {} } } },
    parameters: { description: 'Values for the placeholders: an object (named) or an array (%1, %2…)' },
  },
  required: ['message'],
};

export function openApiDocument(routes: RouteDefinition[], storeCode: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const url = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
    const properties = (route.params.properties ?? {}) as Record<string, TSchema>;
    const required = new Set<string>((route.params.required as string[] | undefined) ?? []);
    const parameters: unknown[] = pathNames.map((name) => ({ name, in: 'path', required: true, schema: clean(properties[name]) }));
    const bodyProps: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(properties)) {
      if (pathNames.includes(name)) continue;
      if (route.method === 'GET' || route.method === 'DELETE') parameters.push({ name, in: 'query', required: required.has(name), schema: clean(schema) });
      else bodyProps[name] = clean(schema);
    }
    const operation: Record<string, unknown> = {
      tags: [route.tag],
      summary: route.summary,
      description: `Access: ${accessLabel(route.access)}`,
      operationId: `${route.tag}${route.method}${route.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
      parameters,
      responses: {
        '200': { description: 'Success', content: { 'application/json': { schema: clean(route.response) } } },
        default: { description: 'Error', content: { 'application/json': { schema: ErrorSchema } } },
      },
    };
    if (route.access !== 'anonymous') operation.security = [{ bearer: [] }];
    if (Object.keys(bodyProps).length > 0) {
      const requiredBody = [...required].filter((n) => n in bodyProps);
      operation.requestBody = {
        required: requiredBody.length > 0,
        content: { 'application/json': { schema: { type: 'object', properties: bodyProps, ...(requiredBody.length ? { required: requiredBody } : {}) } } },
      };
    }
    (paths[url] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Keyfront (Magento 2 compatible customer API)', version: '2.4' },
    servers: [{ url: `/rest/${storeCode}` }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keyfront API</title>
<link rel="stylesheet" href="/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/swagger/swagger-ui-bundle.js"></script><script src="/swagger/init.js"></script></body></html>`;
const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: '/rest/default/schema', dom_id: '#swagger-ui' });`;

export function registerOpenApi(app: FastifyInstance, services: Services, routes: RouteDefinition[]): void {
  const schemaHandler = async (request: { params: unknown }, reply: Parameters<typeof sendJson>[0]) => {
    const code = (request.params as { storeCode?: string }).storeCode ?? 'default';
    const view = code === 'all' ? await services.stores.adminView() : await services.stores.viewByCode(code);
    if (!view) return sendJson(reply, 404, { message: NO_ROUTE });
    return sendJson(reply, 200, openApiDocument(routes, code));
  };
  app.get('/rest/:storeCode/schema', schemaHandler);
  app.get('/rest/schema', schemaHandler);

  const uiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.get('/swagger', async (_req, reply) => reply.type('text/html; charset=utf-8').send(SWAGGER_PAGE));
  app.get('/swagger/init.js', async (_req, reply) => reply.type('application/javascript').send(SWAGGER_INIT));
  for (const [file, type] of [
    ['swagger-ui.css', 'text/css'],
    ['swagger-ui-bundle.js', 'application/javascript'],
  ] as const) {
    app.get(`/swagger/${file}`, async (_req, reply) => reply.type(type).header('cache-control', 'public, max-age=86400').send(await readFile(join(uiDir, file))));
  }
}
