// Create an account, My Account, and Account Information (name, email, password, newsletter).
// Every rule lives in the account service; these pages only collect fields and show its answers.
import { ANONYMOUS } from '../../../auth/principal.ts';
import type { Customer } from '../../../customers/model.ts';
import { checkPasswordNotEmail, checkPasswordStrength } from '../../../auth/password-policy.ts';
import { isValidEmail } from '../../../customers/validation.ts';
import { AuthenticationError, DomainError, InputError, SIGN_IN_FAILED } from '../../../errors/domain-errors.ts';
import { endAllSessions, ensureSession, field, redirect, sendHtml, signIn, signOut, takeFlash, url, validFormKey, type Page } from '../kit/context.ts';
import { checkbox, FormErrors, formKey, input } from '../kit/forms.ts';
import { formatMessage, html, type Html } from '../kit/html.ts';
import { layout } from '../kit/layout.ts';
import { addressBlock } from './address-view.ts';
import { INVALID_FORM_KEY } from './login.ts';

const PASSWORD_MISMATCH_CREATE = 'Please make sure your passwords match.';
const PASSWORD_MISMATCH_EDIT = "Password confirmation doesn't match entered password.";
const WRONG_CURRENT_PASSWORD = "The password doesn't match this account. Verify the password and try again.";

/** The service's field names mapped to this page's inputs, so messages sit next to their field. */
const ACCOUNT_FIELDS = {
  firstname: { id: 'firstname', label: 'First Name' },
  lastname: { id: 'lastname', label: 'Last Name' },
  email: { id: 'email_address', label: 'Email' },
  password: { id: 'password', label: 'Password' },
};

async function passwordHint(page: Page): Promise<string> {
  const rules = await page.deps.services.authentication.passwordRules(page.store);
  return `At least ${rules.minLength} characters, with at least ${rules.requiredClasses} of these classes: lower case, upper case, digits, special characters. It can't begin or end with a space or be the same as your email.`;
}

interface CreateValues {
  firstname: string;
  lastname: string;
  email: string;
  subscribed: boolean;
}

export async function createPage(page: Page, status = 200, errors = new FormErrors(), values?: CreateValues) {
  if (page.customer) return redirect(page, 'customer/account/');
  const session = await ensureSession(page);
  const v = values ?? { firstname: '', lastname: '', email: '', subscribed: false };
  const rules = await page.deps.services.authentication.passwordRules(page.store);
  const content = html`<form class="stack" method="post" action="${url(page, 'customer/account/createpost/')}" novalidate>
    ${formKey(session.formKey)}
    <fieldset><legend>Personal Information</legend>
      ${input({ id: 'firstname', label: 'First Name', value: v.firstname, required: true, autocomplete: 'given-name', errors })}
      ${input({ id: 'lastname', label: 'Last Name', value: v.lastname, required: true, autocomplete: 'family-name', errors })}
      ${checkbox({ id: 'is_subscribed', label: 'Sign Up for Newsletter', checked: v.subscribed })}
    </fieldset>
    <fieldset><legend>Sign-in Information</legend>
      ${input({ id: 'email_address', name: 'email', label: 'Email', type: 'email', value: v.email, required: true, autocomplete: 'email', errors })}
      ${input({ id: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password', minlength: rules.minLength, hint: await passwordHint(page), errors })}
      ${input({ id: 'password-confirmation', name: 'password_confirmation', label: 'Confirm Password', type: 'password', required: true, autocomplete: 'new-password', errors })}
    </fieldset>
    <div class="actions"><button type="submit">Create an Account</button></div>
  </form>`;
  return sendHtml(page, status, layout(page, { title: 'Create New Customer Account', content, messages: [...(await takeFlash(page)), ...errors.messages()] }));
}

export async function createPost(page: Page) {
  if (page.customer) return redirect(page, 'customer/account/');
  const values: CreateValues = {
    firstname: field(page.body, 'firstname'),
    lastname: field(page.body, 'lastname'),
    email: field(page.body, 'email'),
    subscribed: field(page.body, 'is_subscribed') === '1',
  };
  if (!validFormKey(page)) return createPage(page, 403, new FormErrors().add(INVALID_FORM_KEY), values);
  const password = field(page.body, 'password');
  const invalid = await signUpErrors(page, values, password, field(page.body, 'password_confirmation'));
  if (!invalid.empty) return createPage(page, 400, invalid, values);
  let customer: Customer;
  try {
    customer = await page.deps.services.accounts.createAccount(
      page.ctx,
      { firstname: values.firstname, lastname: values.lastname, email: values.email, isSubscribed: values.subscribed },
      password,
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const errors =
      error.code === 'customer.email_taken'
        ? new FormErrors().add('There is already an account with this email address. If you are sure that it is your email address, use "Forgot Your Password?" on the sign-in page to get your password and access your account.', 'email_address')
        : FormErrors.from(error, ACCOUNT_FIELDS);
    return createPage(page, 400, errors, values);
  }
  if (customer.confirmation && (await page.deps.services.config.getFlag('customer/create_account/confirm', page.store))) {
    return redirect(page, 'customer/account/login/', [{ type: 'notice', text: 'You must confirm your account. Please check your email for the confirmation link.' }]);
  }
  await signIn(page, customer);
  return redirect(page, 'customer/account/', [{ type: 'success', text: `Thank you for registering with ${page.shopName}.` }]);
}

/**
 * Every field's problem at once, before the service is asked (which stops at its first rule), so
 * a visitor fixes the form in one round. The rules are the service's; only their order differs.
 */
async function signUpErrors(page: Page, values: CreateValues, password: string, confirmation: string): Promise<FormErrors> {
  const errors = new FormErrors();
  if (values.firstname.trim() === '') errors.add('"First Name" is a required value.', 'firstname');
  if (values.lastname.trim() === '') errors.add('"Last Name" is a required value.', 'lastname');
  const email = values.email.trim();
  if (email === '') errors.add('"Email" is a required value.', 'email_address');
  else if (!isValidEmail(email)) errors.add('"Email" is not a valid email address.', 'email_address');
  if (password === '') errors.add('"Password" is a required value.', 'password');
  else {
    try {
      checkPasswordStrength(password, await page.deps.services.authentication.passwordRules(page.store));
      checkPasswordNotEmail(password, email);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.add(formatMessage(error.message, error.params), 'password');
    }
  }
  if (password !== confirmation) errors.add(PASSWORD_MISMATCH_CREATE, 'password-confirmation');
  return errors;
}

function defaultAddressBox(page: Page, customer: Customer, kind: 'billing' | 'shipping'): Html {
  const id = kind === 'billing' ? customer.defaultBilling : customer.defaultShipping;
  const address = customer.addresses.find((a) => a.id === id);
  const title = kind === 'billing' ? 'Default Billing Address' : 'Default Shipping Address';
  return html`<section class="box" aria-labelledby="default-${kind}">
    <h3 id="default-${kind}">${title}</h3>
    ${address ? addressBlock(address, page.deps.services.directory) : html`<p>You have not set a default ${kind} address.</p>`}
    <div class="actions"><a href="${url(page, address ? `customer/address/edit/id/${address.id}/` : 'customer/address/new/')}">Edit Address<span class="visually-hidden"> (${title})</span></a></div>
  </section>`;
}

export async function dashboardPage(page: Page) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const content = html`<h2>Account Information</h2>
    <div class="boxes">
      <section class="box" aria-labelledby="contact-heading">
        <h3 id="contact-heading">Contact Information</h3>
        <p>${customer.firstname} ${customer.lastname}<br>${customer.email}</p>
        <div class="actions"><a href="${url(page, 'customer/account/edit/')}">Edit<span class="visually-hidden"> contact information</span></a>
          <a href="${url(page, 'customer/account/edit/')}#change-password">Change Password</a></div>
      </section>
      <section class="box" aria-labelledby="newsletter-heading">
        <h3 id="newsletter-heading">Newsletters</h3>
        <p>${customer.isSubscribed ? 'You are subscribed to "General Subscription".' : "You aren't subscribed to our newsletter."}</p>
        <div class="actions"><a href="${url(page, 'customer/account/edit/')}#newsletter">Edit<span class="visually-hidden"> newsletter subscription</span></a></div>
      </section>
    </div>
    <h2>Address Book</h2>
    <div class="boxes">${defaultAddressBox(page, customer, 'billing')}${defaultAddressBox(page, customer, 'shipping')}</div>
    <div class="actions"><a href="${url(page, 'customer/address/')}">Manage Addresses</a></div>`;
  return sendHtml(page, 200, layout(page, { title: 'My Account', content, messages: await takeFlash(page), accountNav: 'account' }));
}

interface EditValues {
  firstname: string;
  lastname: string;
  email: string;
  subscribed: boolean;
}

export async function editPage(page: Page, status = 200, errors = new FormErrors(), values?: EditValues) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const v = values ?? { firstname: customer.firstname, lastname: customer.lastname, email: customer.email, subscribed: customer.isSubscribed };
  const rules = await page.deps.services.authentication.passwordRules(page.store);
  const content = html`<form class="stack" method="post" action="${url(page, 'customer/account/editPost/')}" novalidate>
    ${formKey(page.session!.formKey)}
    <fieldset><legend>Account Information</legend>
      ${input({ id: 'firstname', label: 'First Name', value: v.firstname, required: true, autocomplete: 'given-name', errors })}
      ${input({ id: 'lastname', label: 'Last Name', value: v.lastname, required: true, autocomplete: 'family-name', errors })}
    </fieldset>
    <fieldset id="newsletter"><legend>Newsletter</legend>
      ${checkbox({ id: 'is_subscribed', label: 'General Subscription', checked: v.subscribed })}
    </fieldset>
    <fieldset id="change-password"><legend>Change Email and Password</legend>
      ${input({ id: 'email_address', name: 'email', label: 'Email', type: 'email', value: v.email, required: true, autocomplete: 'email', errors })}
      ${input({ id: 'current-password', name: 'current_password', label: 'Current Password', type: 'password', autocomplete: 'current-password', hint: 'Needed to change your email or password.', errors })}
      ${input({ id: 'password', label: 'New Password', type: 'password', autocomplete: 'new-password', minlength: rules.minLength, hint: `Leave empty to keep your password. ${await passwordHint(page)}`, errors })}
      ${input({ id: 'password-confirmation', name: 'password_confirmation', label: 'Confirm New Password', type: 'password', autocomplete: 'new-password', errors })}
    </fieldset>
    <div class="actions"><button type="submit">Save</button><a href="${url(page, 'customer/account/')}">Go back</a></div>
  </form>`;
  return sendHtml(page, status, layout(page, { title: 'Edit Account Information', content, messages: [...(await takeFlash(page)), ...errors.messages()], accountNav: 'edit' }));
}

/**
 * Magento's EditPost: a new email or password needs the current password (under the lockout; a
 * locked account is signed out). The name and email are saved first, then the password; a changed
 * password ends every session of the customer, this one included.
 */
export async function editPost(page: Page) {
  const customer = page.customer;
  if (!customer) return redirect(page, 'customer/account/login/');
  const values: EditValues = {
    firstname: field(page.body, 'firstname'),
    lastname: field(page.body, 'lastname'),
    email: field(page.body, 'email'),
    subscribed: field(page.body, 'is_subscribed') === '1',
  };
  if (!validFormKey(page)) return editPage(page, 403, new FormErrors().add(INVALID_FORM_KEY), values);
  const { accounts, passwords } = page.deps.services;
  const current = field(page.body, 'current_password');
  const newPassword = field(page.body, 'password');
  const emailChanged = values.email.trim().toLowerCase() !== customer.email.toLowerCase();
  if (newPassword !== '' && newPassword !== field(page.body, 'password_confirmation')) {
    return editPage(page, 400, new FormErrors().add(PASSWORD_MISMATCH_EDIT, 'password-confirmation'), values);
  }
  if ((emailChanged || newPassword !== '') && current === '') {
    return editPage(page, 400, new FormErrors().add('"Current Password" is a required value.', 'current-password'), values);
  }
  try {
    const ctx = page.ctx;
    if (emailChanged) await page.deps.services.authentication.verifyPassword(ctx, customer.id, current);
    page.customer = await accounts.updateOwnAccount(
      ctx,
      customer.id,
      { firstname: values.firstname, lastname: values.lastname, email: values.email, isSubscribed: values.subscribed },
    );
    if (newPassword !== '') {
      // The service ends the customer's API tokens and other sessions; this session ends too.
      await passwords.changePassword(ctx, customer.id, current, newPassword);
      await endAllSessions(page, customer.id);
      return redirect(page, 'customer/account/login/', [{ type: 'success', text: 'You saved the account information. Sign in with your new password.' }]);
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'customer.locked') {
      await signOut(page);
      return redirect(page, 'customer/account/login/', [{ type: 'error', text: SIGN_IN_FAILED }]);
    }
    if (error instanceof AuthenticationError) {
      return editPage(page, 400, new FormErrors().add(WRONG_CURRENT_PASSWORD, 'current-password'), values);
    }
    return editPage(page, 400, FormErrors.from(error, ACCOUNT_FIELDS), values);
  }
  return redirect(page, 'customer/account/', [{ type: 'success', text: 'You saved the account information.' }]);
}
