// Password change and reset, reset links, and account confirmation (Magento_Customer webapi.xml).
import { Type } from '@sinclair/typebox';
import { InputError, InputErrors } from '../../../errors/domain-errors.ts';
import { customerToWire, CustomerWire } from '../wire/customer.ts';
import { selfCustomerId } from '../../../request/context.ts';
import { defineRoute } from '../route.ts';

const MANAGE = ['Magento_Customer::manage'] as const;

export const passwordRoutes = [
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/me/password',
    access: 'self',
    tag: 'customerAccountManagementV1',
    summary: "Change the presenting customer's password. Ends the customer's other tokens.",
    params: Type.Object({ currentPassword: Type.String(), newPassword: Type.String() }, { required: ['currentPassword', 'newPassword'] }),
    response: Type.Boolean(),
    handle: (ctx, input) => ctx.services.passwords.changePassword(ctx, selfCustomerId(ctx), input.currentPassword!, input.newPassword!),
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/password',
    access: 'anonymous',
    tag: 'customerAccountManagementV1',
    summary: 'Mail a password-reset link (template email_reset or email_reminder). Limited per IP and email (Magento_Security).',
    params: Type.Object(
      { email: Type.String(), template: Type.String(), websiteId: Type.Optional(Type.Integer()) },
      { required: ['email', 'template'] },
    ),
    response: Type.Boolean(),
    handle: (ctx, input) => ctx.services.passwords.initiatePasswordReset(ctx, input.email!, input.template!, input.websiteId),
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/customers/resetPassword',
    access: 'anonymous',
    tag: 'customerAccountManagementV1',
    summary: 'Set a new password with a reset token. An empty email means: the customer holding this token. Ends all the customer\'s tokens.',
    // All three are required, but (PHP isset) an empty string counts as given: checked here, not by the binder.
    params: Type.Object({ email: Type.Optional(Type.String()), resetToken: Type.Optional(Type.String()), newPassword: Type.Optional(Type.String()) }),
    response: Type.Boolean(),
    handle: (ctx, input) => {
      const missing = new InputErrors();
      for (const name of ['email', 'resetToken', 'newPassword'] as const) if (input[name] === undefined) missing.add(InputError.required(name));
      missing.throwIfAny();
      return ctx.services.passwords.resetPassword(ctx, input.email!, input.resetToken!, input.newPassword!);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/:customerId/password/resetLinkToken/:resetPasswordLinkToken',
    access: 'anonymous',
    tag: 'customerAccountManagementV1',
    summary: 'Check that a reset-link token belongs to the customer and has not expired.',
    params: Type.Object({ customerId: Type.Integer(), resetPasswordLinkToken: Type.String() }, { required: ['customerId', 'resetPasswordLinkToken'] }),
    response: Type.Boolean(),
    handle: (ctx, input) => ctx.services.passwords.validateResetPasswordLinkToken(ctx, input.customerId!, input.resetPasswordLinkToken!),
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/me/activate',
    access: 'self',
    tag: 'customerAccountManagementV1',
    summary: "Confirm the presenting customer's account with the key from the confirmation mail.",
    params: Type.Object({ confirmationKey: Type.String() }, { required: ['confirmationKey'] }),
    response: CustomerWire,
    handle: async (ctx, input) => customerToWire(await ctx.services.confirmations.activateById(ctx, selfCustomerId(ctx), input.confirmationKey!)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/V1/customers/:email/activate',
    access: MANAGE,
    tag: 'customerAccountManagementV1',
    summary: "Confirm the account of this email (in the URL's website) with its confirmation key.",
    params: Type.Object({ email: Type.String(), confirmationKey: Type.String() }, { required: ['email', 'confirmationKey'] }),
    response: CustomerWire,
    handle: async (ctx, input) => customerToWire(await ctx.services.confirmations.activate(ctx, input.email!, input.confirmationKey!)),
  }),
  defineRoute({
    method: 'GET',
    path: '/V1/customers/:customerId/confirm',
    access: MANAGE,
    tag: 'customerAccountManagementV1',
    summary: 'account_confirmation_not_required, account_confirmation_required or account_confirmed.',
    params: Type.Object({ customerId: Type.Integer() }, { required: ['customerId'] }),
    response: Type.String(),
    handle: (ctx, input) => ctx.services.confirmations.confirmationStatus(ctx, input.customerId!),
  }),
  defineRoute({
    method: 'POST',
    path: '/V1/customers/confirm',
    access: MANAGE,
    tag: 'customerAccountManagementV1',
    summary: 'Send the confirmation mail again.',
    params: Type.Object(
      { email: Type.String(), websiteId: Type.Integer(), redirectUrl: Type.Optional(Type.String()) },
      { required: ['email', 'websiteId'] },
    ),
    response: Type.Boolean(),
    handle: (ctx, input) => ctx.services.confirmations.resendConfirmation(ctx, input.email!, input.websiteId!, input.redirectUrl ?? ''),
  }),
];
