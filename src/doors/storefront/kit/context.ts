// What every storefront request knows: the store view of the URL, the session behind the cookie,
// the signed-in customer (only within the session's own website), and how to answer.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Customer } from '../../../customers/model.ts';
import type { RequestContext } from '../../../request/context.ts';
import type { Services } from '../../services.ts';
import type { StoreView } from '../../../stores/model.ts';
import { Html } from './html.ts';
import type { Flash, Session, SessionStore } from '../../../sessions/session-store.ts';

export const COOKIE = 'keyfront_session';

export interface PasswordResetPort {
  /** Sends the reset mail when the email belongs to an account of the store's website; silent otherwise. */
  requestReset(ctx: RequestContext, email: string): Promise<void>;
  resetWithToken(ctx: RequestContext, token: string, newPassword: string): Promise<void>;
  /** Throws a DomainError when the link's token is unknown, replaced or expired. */
  checkToken(token: string): Promise<void>;
}

export interface StorefrontDeps {
  services: Services;
  sessions: SessionStore;
  /** Wired by the composition root once a password-reset service exists. */
  passwordReset?: PasswordResetPort;
}

export interface Page {
  deps: StorefrontDeps;
  request: FastifyRequest;
  reply: FastifyReply;
  store: StoreView;
  /** The shop's name as customers see it (Magento's Store::getFrontendName), for headers and titles. */
  shopName: string;
  /** The request's context (request/resolver.ts): the signed-in customer's, or anonymous. */
  ctx: RequestContext;
  /** '' for the default view, '/<code>' for the others: every link is built on it. */
  base: string;
  session: Session | null;
  customer: Customer | null;
  lifetime: number;
  body: Record<string, unknown>;
}

export function url(page: Page, path: string): string {
  return `${page.base}/${path.replace(/^\//, '')}`;
}

/** A form value as a string: anything else (arrays, objects from bracket names) counts as empty. */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

function setCookie(page: Page, session: Session | null): void {
  const secure = page.request.protocol === 'https' ? '; Secure' : '';
  const value = session?.id ? `${session.id}; Max-Age=${page.lifetime}` : '; Max-Age=0';
  page.reply.header('set-cookie', `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure}`);
}

/** The session, created (anonymous) when the page needs a form key and there is none yet. */
export async function ensureSession(page: Page): Promise<Session> {
  if (page.session) return page.session;
  page.session = await page.deps.sessions.create(page.lifetime);
  setCookie(page, page.session);
  return page.session;
}

/** Sign-in: a fresh session id and form key for the customer; the old session is ended. */
export async function signIn(page: Page, customer: Customer): Promise<void> {
  page.session = await page.deps.sessions.rotate(page.session, page.lifetime, { customerId: customer.id, websiteId: customer.websiteId });
  page.customer = customer;
  setCookie(page, page.session);
}

export async function signOut(page: Page): Promise<void> {
  if (page.session) await page.deps.sessions.destroy(page.session);
  page.session = null;
  page.customer = null;
  setCookie(page, null);
}

/** Every customer session ends (password change); the browser keeps a fresh anonymous one. */
export async function endAllSessions(page: Page, customerId: number): Promise<void> {
  await page.deps.sessions.destroyForCustomer(customerId);
  page.session = null;
  page.customer = null;
  await ensureSession(page);
}

/** The form key check every POST passes first (Magento's FormKey validator), compared in constant time. */
export function validFormKey(page: Page): boolean {
  const sent = field(page.body, 'form_key');
  const expected = page.session?.formKey;
  if (!expected || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** Messages for the next page, then a 303 See Other (a POST never answers with a page to re-post). */
export async function redirect(page: Page, path: string, flash: Flash[] = []): Promise<FastifyReply> {
  if (flash.length) {
    const session = await ensureSession(page);
    await page.deps.sessions.saveFlash(session, [...session.flash, ...flash]);
  }
  return page.reply.code(303).header('location', url(page, path)).send();
}

/** One-shot messages stored by the previous request; reading them clears them. */
export async function takeFlash(page: Page): Promise<Flash[]> {
  const session = page.session;
  if (!session || session.flash.length === 0) return [];
  const flash = session.flash;
  await page.deps.sessions.saveFlash(session, []);
  return flash;
}

export function sendHtml(page: Page, status: number, markup: Html): FastifyReply {
  return page.reply.code(status).header('content-type', 'text/html; charset=utf-8').send(markup.value);
}
