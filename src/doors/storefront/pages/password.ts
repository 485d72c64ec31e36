// Forgot Your Password? and the reset link's page. They talk to a PasswordResetPort that the
// composition root wires once the reset service and mail outbox exist; until then the pages say
// the feature is unavailable rather than pretend a mail went out.
import type { ErrorCode } from '../../../errors/codes.ts';
import { DomainError } from '../../../errors/domain-errors.ts';
import { isValidEmail } from '../../../lib/email.ts';
import { ensureSession, field, redirect, sendHtml, takeFlash, url, validFormKey, type Page } from '../kit/context.ts';
import { FormErrors, formKey, input } from '../kit/forms.ts';
import { html } from '../kit/html.ts';
import { layout } from '../kit/layout.ts';
import { INVALID_FORM_KEY } from './login.ts';

const LINK_EXPIRED = 'Your password reset link has expired.';
const RESET_LINK_FAILURES: ReadonlySet<ErrorCode> = new Set([
  'password.reset_token_mismatch',
  'password.reset_token_expired',
  'password.reset_token_ambiguous',
  'entity.not_found',
  'input.required',
]);

const UNAVAILABLE = 'Resetting a password by email is not available on this store yet. Please contact us for assistance.';

function unavailable(page: Page, title: string) {
  return sendHtml(page, 503, layout(page, { title, content: html`<p>${UNAVAILABLE}</p><p><a href="${url(page, 'customer/account/login/')}">Back to Sign In</a></p>` }));
}

export async function forgotPage(page: Page, status = 200, errors = new FormErrors(), email = '') {
  if (page.customer) return redirect(page, 'customer/account/');
  if (!page.deps.passwordReset) return unavailable(page, 'Forgot Your Password?');
  const session = await ensureSession(page);
  const content = html`<form class="stack" method="post" action="${url(page, 'customer/account/forgotpasswordpost/')}" novalidate>
    ${formKey(session.formKey)}
    <p>Please enter your email address below to receive a password reset link.</p>
    ${input({ id: 'email_address', name: 'email', label: 'Email', type: 'email', value: email, required: true, autocomplete: 'email', errors })}
    <div class="actions"><button type="submit">Reset My Password</button><a href="${url(page, 'customer/account/login/')}">Go back</a></div>
  </form>`;
  const messages = [...(await takeFlash(page)), ...errors.messages()];
  return sendHtml(page, status, layout(page, { title: 'Forgot Your Password?', content, messages }));
}

/** Magento's ForgotPasswordPost: the same answer whether or not the email has an account. */
export async function forgotPost(page: Page) {
  if (page.customer) return redirect(page, 'customer/account/');
  const port = page.deps.passwordReset;
  if (!port) return unavailable(page, 'Forgot Your Password?');
  const email = field(page.body, 'email').trim();
  if (!validFormKey(page)) return forgotPage(page, 403, new FormErrors().add(INVALID_FORM_KEY), email);
  if (email === '') return forgotPage(page, 400, new FormErrors().add('Please enter your email.', 'email_address'));
  if (!isValidEmail(email)) return forgotPage(page, 400, new FormErrors().add('The email address is incorrect. Verify the email address and try again.', 'email_address'), email);
  try {
    await port.requestReset(page.ctx, email);
  } catch (error) {
    // Unknown emails, throttled requests and the like all answer as a success would.
    if (!(error instanceof DomainError)) throw error;
  }
  return redirect(page, 'customer/account/login/', [
    { type: 'success', text: `If there is an account associated with ${email} you will receive an email with a link to reset your password.` },
  ]);
}

/** Magento's answer to a bad link: back to "Forgot Your Password?", where a new link is one click away. */
function linkExpired(page: Page) {
  return redirect(page, 'customer/account/forgotpassword/', [{ type: 'error', text: LINK_EXPIRED }]);
}

export async function createPasswordPage(page: Page, status = 200, errors = new FormErrors(), token?: string) {
  if (!page.deps.passwordReset) return unavailable(page, 'Set a New Password');
  const session = await ensureSession(page);
  const resetToken = token ?? (typeof (page.request.query as Record<string, unknown>).token === 'string' ? ((page.request.query as Record<string, string>).token) : '');
  if (resetToken === '') return linkExpired(page);
  // Magento's CreatePassword checks the link as the page opens, not after the password is typed twice.
  if (status === 200) {
    try {
      await page.deps.passwordReset.checkToken(resetToken);
    } catch (error) {
      if (!(error instanceof DomainError) || !RESET_LINK_FAILURES.has(error.code)) throw error;
      return linkExpired(page);
    }
  }
  const rules = await page.deps.services.authentication.passwordRules(page.store);
  const content = html`<form class="stack" method="post" action="${url(page, 'customer/account/resetpasswordpost/')}" novalidate>
    ${formKey(session.formKey)}
    <input type="hidden" name="token" value="${resetToken}">
    ${input({ id: 'password', label: 'New Password', type: 'password', required: true, autocomplete: 'new-password', minlength: rules.minLength, hint: `At least ${rules.minLength} characters, with at least ${rules.requiredClasses} of these classes: lower case, upper case, digits, special characters.`, errors })}
    ${input({ id: 'password-confirmation', name: 'password_confirmation', label: 'Confirm New Password', type: 'password', required: true, autocomplete: 'new-password', errors })}
    <div class="actions"><button type="submit">Set a New Password</button></div>
  </form>`;
  const messages = [...(await takeFlash(page)), ...errors.messages()];
  return sendHtml(page, status, layout(page, { title: 'Set a New Password', content, messages }));
}

export async function resetPasswordPost(page: Page) {
  const port = page.deps.passwordReset;
  if (!port) return unavailable(page, 'Set a New Password');
  const token = field(page.body, 'token');
  if (!validFormKey(page)) return createPasswordPage(page, 403, new FormErrors().add(INVALID_FORM_KEY), token);
  const password = field(page.body, 'password');
  if (password === '') return createPasswordPage(page, 400, new FormErrors().add('Please enter a new password.', 'password'), token);
  if (password !== field(page.body, 'password_confirmation')) {
    return createPasswordPage(page, 400, new FormErrors().add("New Password and Confirm New Password values didn't match.", 'password-confirmation'), token);
  }
  try {
    await port.resetWithToken(page.ctx, token, password);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The link died while the form was open (used, replaced or expired): the same answer as on opening.
    if (RESET_LINK_FAILURES.has(error.code)) return linkExpired(page);
    return createPasswordPage(page, 400, FormErrors.from(error, { password: { id: 'password', label: 'New Password' } }), token);
  }
  return redirect(page, 'customer/account/login/', [{ type: 'success', text: 'You updated your password.' }]);
}

