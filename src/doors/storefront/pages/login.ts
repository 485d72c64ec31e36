// Sign in, sign out. Failures read the same whatever the cause, as Magento's LoginPost does, so the
// form does not tell which emails have accounts; the throttle and lockout are the token endpoint's.
import { AuthenticationError, InputError, SIGN_IN_FAILED } from '../../../errors/domain-errors.ts';
import { ensureSession, field, redirect, sendHtml, signIn, signOut, takeFlash, url, validFormKey, type Page } from '../kit/context.ts';
import { FormErrors, formKey, input } from '../kit/forms.ts';
import { html } from '../kit/html.ts';
import { layout } from '../kit/layout.ts';
import type { Flash } from '../../../sessions/session-store.ts';

export const INVALID_FORM_KEY = 'Invalid Form Key. Please refresh the page.';

export async function loginPage(page: Page, status = 200, errors = new FormErrors(), email = '') {
  if (page.customer) return redirect(page, 'customer/account/');
  const session = await ensureSession(page);
  const messages: Flash[] = [...(await takeFlash(page)), ...errors.all().map((text) => ({ type: 'error' as const, text }))];
  const content = html`<div class="boxes">
    <section class="box" aria-labelledby="login-heading">
      <h2 id="login-heading">Registered Customers</h2>
      <p>If you have an account, sign in with your email address.</p>
      <form class="stack" method="post" action="${url(page, 'customer/account/loginPost/')}" novalidate>
        ${formKey(session.formKey)}
        ${input({ id: 'email', name: 'login[username]', label: 'Email', type: 'email', value: email, required: true, autocomplete: 'username', errors })}
        ${input({ id: 'pass', name: 'login[password]', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', errors })}
        <div class="actions"><button type="submit">Sign In</button>
          <a href="${url(page, 'customer/account/forgotpassword/')}">Forgot Your Password?</a></div>
      </form>
    </section>
    <section class="box" aria-labelledby="new-heading">
      <h2 id="new-heading">New Customers</h2>
      <p>Creating an account has many benefits: check out faster, keep more than one address, track orders and more.</p>
      <p><a class="button" href="${url(page, 'customer/account/create/')}">Create an Account</a></p>
    </section>
  </div>`;
  return sendHtml(page, status, layout(page, { title: 'Customer Login', content, messages }));
}

export async function loginPost(page: Page) {
  if (page.customer) return redirect(page, 'customer/account/');
  if (!validFormKey(page)) return loginPage(page, 403, new FormErrors().add(INVALID_FORM_KEY));
  const login = (page.body.login ?? {}) as Record<string, unknown>;
  const email = field(login, 'username');
  const password = field(login, 'password');
  if (email === '' || password === '') {
    const errors = new FormErrors().add('A login and a password are required.');
    if (email === '') errors.add('This is a required field.', 'email');
    if (password === '') errors.add('This is a required field.', 'pass');
    return loginPage(page, 400, errors, email);
  }
  try {
    const customer = await page.deps.services.login.signInCustomer(page.ctx, email, password);
    await signIn(page, customer);
    return redirect(page, 'customer/account/');
  } catch (error) {
    if (!(error instanceof AuthenticationError) && !(error instanceof InputError)) throw error;
    const message = error.code === 'customer.not_confirmed' ? 'This account is not confirmed.' : SIGN_IN_FAILED;
    return loginPage(page, 401, new FormErrors().add(message), email);
  }
}

/** GET shows a confirmation button: a state change never happens on a GET a third party can trigger. */
export async function logoutPage(page: Page) {
  if (!page.customer) return redirect(page, 'customer/account/login/');
  const content = html`<form method="post" action="${url(page, 'customer/account/logout/')}">
    ${formKey(page.session!.formKey)}
    <p>Do you want to sign out?</p>
    <div class="actions"><button type="submit">Sign Out</button><a href="${url(page, 'customer/account/')}">Back to My Account</a></div>
  </form>`;
  return sendHtml(page, 200, layout(page, { title: 'Sign Out', content }));
}

export async function logoutPost(page: Page) {
  if (!validFormKey(page)) return redirect(page, page.customer ? 'customer/account/' : 'customer/account/login/', [{ type: 'error', text: INVALID_FORM_KEY }]);
  await signOut(page);
  return redirect(page, 'customer/account/logoutSuccess/');
}

export async function logoutSuccess(page: Page) {
  if (page.customer) return redirect(page, 'customer/account/');
  const content = html`<p>You have signed out.</p>
    <p><a href="${url(page, 'customer/account/login/')}">Sign In</a></p>`;
  return sendHtml(page, 200, layout(page, { title: 'You are signed out', content }));
}
