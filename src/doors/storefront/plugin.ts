// The storefront door: Magento's customer-area URLs, for the default view (/customer/…) and for
// every other view under its code (/us/customer/…), in its own Fastify context so its form
// parsing, headers and HTML errors never touch the REST door.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import qs from 'qs';
import { NoSuchEntityError, UnavailableError } from '../../errors/domain-errors.ts';
import { frontendName } from '../../settings/store-name.ts';
import type { Services } from '../services.ts';
import { EMAIL_RESET } from '../../customers/password-service.ts';
import { COOKIE, parseCookies, sendHtml, takeFlash, type Page, type PasswordResetPort, type StorefrontDeps } from './kit/context.ts';
import { html } from '../html/html.ts';
import { ADDRESS_SCRIPT_PATH, layout, STYLESHEET_PATH } from './kit/layout.ts';
import { addressBookPage, addressDelete, addressFormPage, addressPost } from './pages/address.ts';
import { createPage, createPost, dashboardPage, editPage, editPost } from './pages/account.ts';
import { loginPage, loginPost, logoutPage, logoutPost, logoutSuccess } from './pages/login.ts';
import { createPasswordPage, forgotPage, forgotPost, resetPasswordPost } from './pages/password.ts';
import { ADDRESS_SCRIPT } from './kit/scripts.ts';
import { STYLESHEET } from './kit/styles.ts';

type Handler = (page: Page) => Promise<FastifyReply>;

const FORM_BODY_LIMIT = 64 * 1024;

/** No inline script or style anywhere, no framing, forms post only to this origin. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // Reset links carry a token in the URL: never hand it to another site as a referrer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const PAGES: Array<[method: 'GET' | 'POST', path: string, handler: Handler]> = [
  ['GET', 'customer/account/login', loginPage],
  ['POST', 'customer/account/loginPost', loginPost],
  ['GET', 'customer/account/create', createPage],
  ['POST', 'customer/account/createpost', createPost],
  ['GET', 'customer/account', dashboardPage],
  ['GET', 'customer/account/index', dashboardPage],
  ['GET', 'customer/account/edit', editPage],
  ['POST', 'customer/account/editPost', editPost],
  ['GET', 'customer/account/logout', logoutPage],
  ['POST', 'customer/account/logout', logoutPost],
  ['GET', 'customer/account/logoutSuccess', logoutSuccess],
  ['GET', 'customer/account/forgotpassword', forgotPage],
  ['POST', 'customer/account/forgotpasswordpost', forgotPost],
  ['GET', 'customer/account/createPassword', createPasswordPage],
  ['POST', 'customer/account/resetpasswordpost', resetPasswordPost],
  ['GET', 'customer/address', addressBookPage],
  ['GET', 'customer/address/index', addressBookPage],
  ['GET', 'customer/address/new', addressFormPage],
  ['GET', 'customer/address/edit/id/:id', addressFormPage],
  ['POST', 'customer/address/formPost', addressPost],
  ['POST', 'customer/address/delete', addressDelete],
];

export interface StorefrontOptions {
  passwordReset?: PasswordResetPort;
}

/** The forgot-password pages over the same PasswordService the REST routes use (Magento's email_reset mail). */
function passwordResetThrough(services: Services): PasswordResetPort {
  return {
    requestReset: async (ctx, email) => {
      await services.passwords.initiatePasswordReset(ctx, email, EMAIL_RESET, ctx.store.websiteId);
    },
    resetWithToken: async (ctx, token, newPassword) => {
      await services.passwords.resetPassword(ctx, '', token, newPassword);
    },
    checkToken: async (token) => {
      await services.passwords.checkResetLink(token);
    },
  };
}

export function registerStorefront(app: FastifyInstance, services: Services, options: StorefrontOptions = {}): void {
  const deps: StorefrontDeps = { services, sessions: services.sessions, passwordReset: options.passwordReset ?? passwordResetThrough(services) };
  app.register(async (door) => {
    // This context's own body parsing: HTML forms only (the REST door reads every type as text).
    door.removeAllContentTypeParsers();
    door.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
      const form = qs.parse(body as string, { depth: 2, arrayLimit: 10, parameterLimit: 100 });
      // NUL fits no column (PostgreSQL refuses it): refused here as the bad request it is.
      if (JSON.stringify(form).includes('\\u0000')) return done(Object.assign(new Error('NUL in form'), { statusCode: 400 }), undefined);
      done(null, form);
    });
    door.addHook('onSend', async (request, reply) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
      if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });
    door.setErrorHandler((error, request, reply) => {
      if (error instanceof UnavailableError) return plainError(reply, 503, error.message);
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) return plainError(reply, status, 'The request could not be understood. Please go back and try again.');
      request.log.error({ err: error }, 'storefront error');
      return plainError(reply, 500, 'An unspecified error occurred. Please contact us for assistance.');
    });

    door.get(STYLESHEET_PATH, (_request, reply) =>
      reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
    );
    door.get(ADDRESS_SCRIPT_PATH, (_request, reply) =>
      reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(ADDRESS_SCRIPT),
    );
    for (const [method, path, handler] of PAGES) {
      // Magento answers with and without the trailing slash; links use the slash.
      for (const url of [`/${path}/`, `/${path}`, `/:storeCode/${path}/`, `/:storeCode/${path}`]) {
        door.route({ method, url, handler: (request, reply) => run(deps, request, reply, handler) });
      }
    }
    // The root: what a browser opening the server's address first sees.
    door.get('/', (request, reply) => run(deps, request, reply, landingPage));
    for (const url of ['/customer/*', '/:storeCode/customer/*']) {
      door.all(url, (request, reply) => run(deps, request, reply, notFound));
    }
  });
}

async function run(deps: StorefrontDeps, request: FastifyRequest, reply: FastifyReply, handler: Handler): Promise<FastifyReply> {
  const { storeCode } = request.params as { storeCode?: string };
  const { requests, config } = deps.services;
  const store = await requests.store(storeCode, { activeOnly: true });
  // An unknown first segment is no store of ours: the ordinary 404 (JSON for /rest/…).
  if (!store) {
    reply.callNotFound();
    return reply;
  }
  const lifetime = Math.max(60, await config.getNumber('web/cookie/cookie_lifetime', store));
  // A page read (GET) gets the signed-in customer in the statement that reads the session; a form
  // post reads it as it stands after its own writes.
  const preload = request.method === 'GET' ? deps.services.accounts.preloadSignedIn() : undefined;
  const session = await deps.sessions.find(parseCookies(request.headers.cookie).get(COOKIE), lifetime, preload);
  const signedIn = session?.customerId != null && session.websiteId != null ? { session: { customerId: session.customerId, websiteId: session.websiteId } } : null;
  const page: Page = {
    deps,
    request,
    reply,
    store,
    shopName: await frontendName(deps.services.config, deps.services.stores, store),
    ctx: await requests.resolve(store, signedIn, request.ip, preload),
    base: storeCode === undefined ? '' : `/${store.code}`,
    session,
    customer: null,
    lifetime,
    body: request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {},
  };
  await loadCustomer(page);
  return handler(page);
}

/**
 * The signed-in customer: the resolver counts a session only on views of the website it signed
 * in to (unless accounts are shared globally); the account must still exist and be active, or
 * the session ends.
 */
async function loadCustomer(page: Page): Promise<void> {
  const { session, ctx } = page;
  if (!session || session.customerId === null || ctx.principal.type !== 'customer') return;
  try {
    const customer = await page.deps.services.accounts.getById(ctx, ctx.principal.customerId);
    if (customer.isActive) page.customer = customer;
  } catch (error) {
    if (!(error instanceof NoSuchEntityError)) throw error;
  }
  if (!page.customer) {
    await page.deps.sessions.destroy(session);
    page.session = null;
  }
}

async function landingPage(page: Page): Promise<FastifyReply> {
  const content = html`<p>This is Keyfront, a customer-account and token server that speaks Magento 2's web API.</p>
    <h2>Storefront</h2>
    <ul>
      <li><a href="/customer/account/login/">Sign In</a></li>
      <li><a href="/customer/account/create/">Create an Account</a></li>
      <li><a href="/customer/account/forgotpassword/">Forgot Your Password?</a></li>
    </ul>
    <h2>Web API</h2>
    <ul>
      <li><a href="/swagger">Browse the REST API</a> (<a href="/rest/default/schema">OpenAPI document</a>)</li>
      <li>REST routes answer under <code>/rest/&lt;store code&gt;/V1/…</code>, as in Magento.</li>
    </ul>
    <p>The README (sections "Quick start", "The seed tutorial, with curl", "Command line" and "Configuration") explains the rest.</p>`;
  return sendHtml(page, 200, layout(page, { title: 'Home Page', content, messages: await takeFlash(page) }));
}

async function notFound(page: Page): Promise<FastifyReply> {
  const content = html`<p>The page you requested was not found.</p><p><a href="${page.base}/customer/account/">Go to My Account</a></p>`;
  return sendHtml(page, 404, layout(page, { title: "Whoops, our bad...", content }));
}

function plainError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title><link rel="stylesheet" href="${STYLESHEET_PATH}"></head><body><main class="wrap"><h1>Error</h1><p>${message}</p></main></body></html>`;
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(body.value);
}
