// What every admin request knows (the signed-in admin, their ACL grant, the session) and how it
// answers: pages, 303 redirects with one-shot messages, 403 pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminFlash, AdminSession } from '../../../admin/session-store.ts';
import type { AdminUser } from '../../../admin/service.ts';
import { holds, type ResourceGrant } from '../../../auth/acl.ts';
import type { RequestContext } from '../../../request/context.ts';
import type { Services } from '../../services.ts';
import { field } from '../../html/http.ts';
import type { Html } from '../../html/html.ts';

export const ADMIN_COOKIE = 'keyfront_admin';

export interface AdminPage {
  services: Services;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The admin path (KEYFRONT_ADMIN_PATH): every link is built on it. */
  base: string;
  session: AdminSession | null;
  /** Set once the password and (unless switched off) the second factor have passed. */
  admin: AdminUser | null;
  grant: ResourceGrant;
  /** The admin's context in the default store view (services take one). */
  ctx: RequestContext;
  lifetime: number;
  body: Record<string, unknown>;
  params: Record<string, string>;
  query: Record<string, unknown>;
}

export function url(page: AdminPage, path = ''): string {
  return `${page.base}/${path.replace(/^\//, '')}`;
}

export function value(page: AdminPage, name: string): string {
  return field(page.body, name);
}

export function queryValue(page: AdminPage, name: string): string {
  const v = page.query[name];
  return typeof v === 'string' ? v : '';
}

export function can(page: AdminPage, resource: string): boolean {
  return page.admin !== null && holds(page.grant, [resource]);
}

export function setCookie(page: AdminPage, session: AdminSession | null): void {
  const secure = page.request.protocol === 'https' ? '; Secure' : '';
  // A session cookie (no Max-Age): the server-side expiry slides; the browser forgets it on close.
  const value = session?.id ? session.id : '; Max-Age=0';
  page.reply.header('set-cookie', `${ADMIN_COOKIE}=${value}; Path=${page.base}; HttpOnly; SameSite=Strict${secure}`);
}

/** Messages for the next page, then 303 See Other. */
export async function redirect(page: AdminPage, path: string, flash: AdminFlash[] = []): Promise<FastifyReply> {
  if (flash.length && page.session) await page.services.adminSessions.saveFlash(page.session, [...page.session.flash, ...flash]);
  return page.reply.code(303).header('location', url(page, path)).send();
}

export async function takeFlash(page: AdminPage): Promise<AdminFlash[]> {
  const session = page.session;
  if (!session || session.flash.length === 0) return [];
  const flash = session.flash;
  await page.services.adminSessions.saveFlash(session, []);
  return flash;
}

export function sendHtml(page: AdminPage, status: number, markup: Html): FastifyReply {
  return page.reply.code(status).header('content-type', 'text/html; charset=utf-8').send(markup.value);
}

/** A whole number from a form or URL value, or null. */
export function intOf(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : null;
}
