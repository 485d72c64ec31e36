// Customer mail, after Magento_Customer's email templates (account_new*, password_reset_confirmation,
// password_new): the same subjects, the same storefront links, plain text plus a small HTML part.
// Pure functions: what goes in is all a template may show (never a password or its hash).

export type MailTemplate = 'registered' | 'registered_no_password' | 'confirmation' | 'confirmed' | 'email_reset' | 'email_reminder';

export interface MailContext {
  /** Store::getFrontendName: general/store_information/name, else the store group's name. */
  storeName: string;
  /** The storefront's base URL, with the store code when web/url/use_store = 1; ends with "/". */
  baseUrl: string;
  customer: { id: number; email: string; name: string };
  /** Reset-link token (registered_no_password, email_reset, email_reminder). */
  resetToken?: string;
  /** Confirmation key (confirmation). */
  confirmationKey?: string;
  /** createAccount's redirectUrl, passed on as back_url (confirmation). */
  backUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(template: MailTemplate, ctx: MailContext): RenderedMail {
  const paragraphs = body(template, ctx);
  const subject = subjectOf(template, ctx.storeName);
  const text = [`${ctx.customer.name},`, '', ...paragraphs.map((p) => (p.link ? `${p.text}\n${p.link}` : p.text)).flatMap((p) => [p, '']), `Thank you, ${ctx.storeName}`].join('\n');
  const html = [
    `<p>${escapeHtml(ctx.customer.name)},</p>`,
    ...paragraphs.map((p) => (p.link ? `<p>${escapeHtml(p.text)}<br><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>` : `<p>${escapeHtml(p.text)}</p>`)),
    `<p>Thank you, ${escapeHtml(ctx.storeName)}</p>`,
  ].join('\n');
  return { subject, text, html };
}

function subjectOf(template: MailTemplate, storeName: string): string {
  switch (template) {
    case 'registered':
    case 'registered_no_password':
    case 'confirmed':
      return `Welcome to ${storeName}`;
    case 'confirmation':
      return `Please confirm your ${storeName} account`;
    case 'email_reset':
      return `Reset your ${storeName} password`;
    case 'email_reminder':
      return `Your ${storeName} password`;
  }
}

interface Paragraph {
  text: string;
  link?: string;
}

function body(template: MailTemplate, ctx: MailContext): Paragraph[] {
  const { storeName, baseUrl, customer } = ctx;
  const createPassword = () => `${baseUrl}customer/account/createPassword/?${query({ token: required(ctx.resetToken, 'resetToken') })}`;
  switch (template) {
    case 'registered':
      return [
        { text: `Welcome to ${storeName}.` },
        { text: `To sign in to our site, use these credentials during checkout or on the My Account page: Email: ${customer.email}, Password: the password you set when creating your account.`, link: `${baseUrl}customer/account/` },
        { text: 'Forgot your account password? Reset it here:', link: `${baseUrl}customer/account/forgotpassword/` },
      ];
    case 'registered_no_password':
      return [
        { text: `Welcome to ${storeName}.` },
        { text: 'To sign in to our site and set a password, click on the link:', link: createPassword() },
      ];
    case 'confirmation':
      return [
        { text: `You must confirm your ${customer.email} email before you can sign in (link is only valid once):` },
        {
          text: 'Confirm Your Account',
          link: `${baseUrl}customer/account/confirm/?${query({ id: String(customer.id), key: required(ctx.confirmationKey, 'confirmationKey'), back_url: ctx.backUrl ?? '' })}`,
        },
      ];
    case 'confirmed':
      return [
        { text: `Thank you for confirming your ${storeName} account.` },
        { text: 'To sign in to our site, use the email address and the password you chose on the My Account page:', link: `${baseUrl}customer/account/` },
      ];
    case 'email_reset':
    case 'email_reminder':
      return [
        { text: 'There was recently a request to change the password for your account.' },
        { text: 'If you requested this change, set a new password here:', link: createPassword() },
        { text: 'If you did not make this request, you can ignore this email and your password will remain the same.' },
      ];
  }
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`mail template needs ${name}`);
  return value;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
