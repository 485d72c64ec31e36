// Sign-in (Magento's admin/auth/login), the second factor (Magento_TwoFactorAuth's Google
// Authenticator: set up from a QR code on first sign-in, a 6-digit code every time) and sign-out.
import type { FastifyReply } from 'fastify';
import { AuthenticationError, InputError } from '../../../errors/domain-errors.ts';
import { FormErrors, formKey, input } from '../../html/forms.ts';
import { html } from '../../html/html.ts';
import { bareLayout } from '../kit/layout.ts';
import { redirect, sendHtml, setCookie, takeFlash, url, value, type AdminPage } from '../kit/context.ts';

const SIGN_IN_FAILED = 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

export async function loginPage(page: AdminPage, status = 200, errors = new FormErrors(), username = ''): Promise<FastifyReply> {
  if (page.admin) return redirect(page, '');
  const content = html`<form method="post" action="${url(page, 'admin/auth/login')}" class="stack" novalidate>
    ${input({ id: 'username', label: 'Username', value: username, required: true, autocomplete: 'username', errors })}
    ${input({ id: 'login', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', errors })}
    <div class="actions"><button type="submit">Sign in</button></div>
  </form>`;
  return sendHtml(page, status, bareLayout(page, { title: 'Welcome, please sign in', content, messages: errors.all().map((text) => ({ type: 'error' as const, text })) }));
}

export async function loginPost(page: AdminPage): Promise<FastifyReply> {
  const username = value(page, 'username');
  try {
    const admin = await page.services.login.signInAdmin(page.ctx, username, value(page, 'login'));
    if (page.session) await page.services.adminSessions.destroy(page.session);
    const twoFactor = page.services.twoFactor.enabled;
    page.session = await page.services.adminSessions.create(admin.id, twoFactor ? 'password' : 'full', page.lifetime);
    setCookie(page, page.session);
    return redirect(page, twoFactor ? 'tfa/' : '');
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof InputError) return loginPage(page, 401, new FormErrors().add(SIGN_IN_FAILED), username);
    throw error;
  }
}

export async function logoutPost(page: AdminPage): Promise<FastifyReply> {
  if (page.session) await page.services.adminSessions.destroy(page.session);
  page.session = null;
  setCookie(page, null);
  return page.reply.code(303).header('location', url(page, 'admin/auth/login')).send();
}

/** The second step: set-up with a QR code when the admin has no confirmed authenticator yet, else the code. */
export async function tfaPage(page: AdminPage, status = 200, errors = new FormErrors()): Promise<FastifyReply> {
  const session = page.session!;
  const admin = await page.services.admins.byId(session.userId);
  const state = await page.services.twoFactor.state(session.userId);
  const messages = [...(await takeFlash(page)), ...errors.all().map((text) => ({ type: 'error' as const, text }))];
  const codeForm = html`<form method="post" action="${url(page, 'tfa/')}" class="stack" novalidate>
    ${formKey(session.formKey)}
    ${input({ id: 'tfa_code', label: 'Authenticator code', required: true, autocomplete: 'one-time-code', hint: 'The 6-digit code your authenticator app shows now.', errors })}
    <div class="actions"><button type="submit">Confirm</button></div>
  </form>`;
  if (state === 'active') {
    return sendHtml(page, status, bareLayout(page, { title: 'Google Authenticator', content: codeForm, messages }));
  }
  const { secret } = await page.services.twoFactor.setup(session.userId, admin?.username ?? '');
  const content = html`<p>Two-factor authentication is required. Scan this QR code with an authenticator app (Google Authenticator, Authy, 1Password, …), then enter the code it shows.</p>
    <p class="qr"><img src="${url(page, 'tfa/qr.svg')}" alt="QR code for your authenticator app" width="192" height="192"></p>
    <p>Cannot scan it? Enter this key in the app: <code>${secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
    ${codeForm}`;
  return sendHtml(page, status, bareLayout(page, { title: 'Configure Google Authenticator', content, messages }));
}

export async function tfaPost(page: AdminPage): Promise<FastifyReply> {
  const session = page.session!;
  if (!(await page.services.twoFactor.verify(session.userId, value(page, 'tfa_code')))) {
    return tfaPage(page, 401, new FormErrors().add('Invalid code.', 'tfa_code'));
  }
  await page.services.adminSessions.promote(session);
  return redirect(page, '');
}

/** The set-up QR code as an SVG image: an image route, so the page needs no inline data or script. */
export async function tfaQr(page: AdminPage): Promise<FastifyReply> {
  const session = page.session!;
  if ((await page.services.twoFactor.state(session.userId)) === 'active') return page.reply.code(404).send();
  const admin = await page.services.admins.byId(session.userId);
  const { uri } = await page.services.twoFactor.setup(session.userId, admin?.username ?? '');
  // Loaded on first use: an authenticator is set up once per admin user, not at every start.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return page.reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store').send(svg);
}
