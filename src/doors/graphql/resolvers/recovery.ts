// Password reset, email confirmation and the newsletter (RequestPasswordResetEmail, ResetPassword,
// ConfirmEmail, ResendConfirmationEmail, SubscribeEmailToNewsletter as of 2.4.7), over the same
// PasswordService, ConfirmationService and NewsletterService as REST and the storefront.
import { EMAIL_RESET } from '../../../customers/password-service.ts';
import { isValidEmail } from '../../../customers/validation.ts';
import { DomainError } from '../../../errors/domain-errors.ts';
import type { GraphQlContext } from '../kit/context.ts';
import { GraphQlError, inputError, renderMessage } from '../kit/errors.ts';
import { customerOutput } from './output.ts';

type Args = Record<string, any>;

/** Only Magento's own (localized) exceptions are rewritten; anything unexpected stays opaque. */
function rethrowAs(error: unknown, message: (e: DomainError) => string): never {
  if (error instanceof DomainError && error.kind !== 'busy' && error.kind !== 'unavailable') throw inputError(message(error));
  throw error;
}

const rendered = (e: DomainError) => renderMessage(e.message, e.params);

export const recoveryResolvers = {
  Mutation: {
    requestPasswordResetEmail: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const email = String(args.email ?? '');
      if (email === '') throw inputError('You must specify an email address.');
      if (!isValidEmail(email)) throw inputError('The email address has an invalid format.');
      const id = await ctx.services.accounts.idByEmail(ctx, email);
      if (id === null) throw inputError("Cannot reset the customer's password");
      if (await ctx.services.accounts.isLocked(ctx, id)) throw inputError('The account is locked');
      try {
        return await ctx.services.passwords.initiatePasswordReset(ctx, email, EMAIL_RESET, ctx.store.websiteId);
      } catch (error) {
        rethrowAs(error, () => "Cannot reset the customer's password");
      }
    },
    resetPassword: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const email = String(args.email ?? '');
      if (email === '') throw inputError('You must specify an email address.');
      if (!isValidEmail(email)) throw inputError('The email address has an invalid format.');
      if (!args.resetPasswordToken) throw inputError('resetPasswordToken must be specified');
      if (!args.newPassword) throw inputError('newPassword must be specified');
      const id = await ctx.services.accounts.idByEmail(ctx, email);
      if (id === null) throw inputError("Cannot set the customer's password");
      if (await ctx.services.accounts.isLocked(ctx, id)) throw inputError('The account is locked');
      try {
        return await ctx.services.passwords.resetPassword(ctx, email, args.resetPasswordToken, args.newPassword);
      } catch (error) {
        rethrowAs(error, rendered);
      }
    },
    confirmEmail: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const { email, confirmation_key: key } = args.input ?? {};
      if (!isValidEmail(String(email ?? ''))) throw inputError('Email is invalid');
      try {
        const customer = await ctx.services.confirmations.activate(ctx, email, key);
        return { customer: customerOutput(ctx, customer) };
      } catch (error) {
        rethrowAs(error, (e) => (e.code === 'confirmation.already_active' || e.code === 'confirmation.invalid_key' ? rendered(e) : 'There was an error confirming the account'));
      }
    },
    resendConfirmationEmail: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const email = String(args.email ?? '');
      if (!isValidEmail(email)) throw inputError('Email address is not valid');
      try {
        return await ctx.services.confirmations.resendConfirmation(ctx, email, ctx.store.websiteId, '');
      } catch (error) {
        rethrowAs(error, (e) =>
          e.code === 'confirmation.not_needed'
            ? rendered(e)
            : e.kind === 'no-such-entity'
              ? 'There is no user registered with that email address.'
              : 'There was an error when sending the confirmation email',
        );
      }
    },
    subscribeEmailToNewsletter: async (_: unknown, args: Args, ctx: GraphQlContext) => {
      const email = String(args.email ?? '').trim();
      if (email === '') throw inputError('You must specify an email address to subscribe to a newsletter.');
      if (!isValidEmail(email)) throw inputError('Enter a valid email address.');
      const customerId = ctx.principal.type === 'customer' ? ctx.principal.customerId : null;
      try {
        return { status: await ctx.services.newsletter.subscribe(ctx, customerId, email) };
      } catch (error) {
        if (error instanceof GraphQlError) throw error;
        rethrowAs(error, rendered);
      }
    },
  },
};
