// The admin door: Magento's admin pages at KEYFRONT_ADMIN_PATH (default /admin), in their own
// encapsulated Fastify context: own cookie, own form parsing, the storefront's CSP (no inline
// script anywhere), and one gate in front of every page: session, second factor, form key, ACL.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import qs from 'qs';
import type { Services } from '../services.ts';
import { html } from '../html/html.ts';
import { field, parseCookies, sameKey } from '../html/http.ts';
import { ADMIN_COOKIE, can, redirect, sendHtml, url, type AdminPage } from './kit/context.ts';
import { ADMIN_STYLESHEET_FILE, adminLayout, forbidden } from './kit/layout.ts';
import { ROUTES, type Access } from './routes.ts';
import { ADMIN_STYLESHEET } from './kit/styles.ts';

const FORM_BODY_LIMIT = 64 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'x-robots-tag': 'noindex, nofollow',
};

export function adminDoor(services: Services, base: string): FastifyPluginAsync {
  return async (door: FastifyInstance) => {
    door.removeAllContentTypeParsers();
    door.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
      done(null, qs.parse(body as string, { depth: 3, arrayLimit: 200, parameterLimit: 1000 }));
    });
    door.addHook('onSend', async (request, reply) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
      if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });
    door.setErrorHandler((error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) return plain(reply, status, 'The request could not be understood. Please go back and try again.');
      request.log.error({ err: error }, 'admin error');
      return plain(reply, 500, 'An error occurred. The details are in the server log.');
    });
    door.get(`/${ADMIN_STYLESHEET_FILE}`, (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ADMIN_STYLESHEET),
    );
    for (const route of ROUTES) {
      const paths = route.path === '' ? ['/'] : [`/${route.path}`, `/${route.path}/`];
      for (const path of paths) door.route({ method: route.method, url: path, handler: (request, reply) => run(services, base, request, reply, route.access, route.handler) });
    }
    door.all('/*', (request, reply) => run(services, base, request, reply, 'signed-in', notFound));
  };
}

async function run(services: Services, base: string, request: FastifyRequest, reply: FastifyReply, access: Access, handler: (page: AdminPage) => Promise<FastifyReply>): Promise<FastifyReply> {
  const lifetime = Math.max(60, await services.config.getNumber('admin/security/session_lifetime'));
  const session = await services.adminSessions.find(parseCookies(request.headers.cookie).get(ADMIN_COOKIE), lifetime);
  const store = await services.stores.defaultView();
  const page: AdminPage = {
    services,
    request,
    reply,
    base,
    session,
    admin: null,
    grant: new Set(),
    ctx: await services.requests.resolve(store, null, request.ip),
    lifetime,
    body: request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {},
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, unknown>,
  };
  if (session) {
    const admin = await services.admins.byId(session.userId);
    // A disabled or deleted admin's sessions end at their next request.
    if (!admin || !admin.isActive) {
      await services.adminSessions.destroy(session);
      page.session = null;
    } else if (session.stage === 'full') {
      page.admin = admin;
      page.grant = await services.roles.grantFor(admin.id);
      page.ctx = { ...page.ctx, principal: { type: 'admin', adminId: admin.id, tokenId: 0, resources: page.grant } };
    }
  }
  // Magento's form key: every POST carries the session's, or nothing happens.
  if (request.method === 'POST' && access !== 'public' && !sameKey(field(page.body, 'form_key'), page.session?.formKey)) {
    return redirect(page, page.admin ? '' : 'admin/auth/login', page.session ? [{ type: 'error', text: 'Invalid security or form key. Please refresh the page.' }] : []);
  }
  if (access === 'public') return handler(page);
  if (access === 'second-factor') {
    if (!page.session) return redirect(page, 'admin/auth/login');
    if (page.admin) return redirect(page, '');
    return handler(page);
  }
  if (!page.admin) {
    if (page.session?.stage === 'password') return redirect(page, 'tfa/');
    if (request.method === 'GET') return reply.code(303).header('location', url(page, 'admin/auth/login')).send();
    return redirect(page, 'admin/auth/login');
  }
  if (access !== 'signed-in' && !can(page, access)) return forbidden(page);
  return handler(page);
}

async function notFound(page: AdminPage): Promise<FastifyReply> {
  return sendHtml(page, 404, adminLayout(page, { title: '404 Error', content: html`<p>Page not found.</p><p><a href="${url(page)}">Go to the start page</a></p>` }));
}

function plain(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><main><h1>Error</h1><p>${message}</p></main></body></html>`;
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body.value);
}
