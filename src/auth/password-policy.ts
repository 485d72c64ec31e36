// Magento's customer password rules (AccountManagement::checkPasswordStrength), in Magento's order.
import { InputError } from '../errors.ts';

export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordPolicy {
  minLength: number;
  requiredClasses: number;
}

export function checkPasswordStrength(password: string, policy: PasswordPolicy): void {
  const length = [...password].length; // multibyte length, as mb_strlen
  if (length > MAX_PASSWORD_LENGTH) {
    throw new InputError('Please enter a password with at most %1 characters.', [MAX_PASSWORD_LENGTH]);
  }
  if (length < policy.minLength) {
    throw new InputError('The password needs at least %1 characters. Create a new password and try again.', [String(policy.minLength)]);
  }
  if (password.trim().length !== password.length) {
    throw new InputError("The password can't begin or end with a space. Verify the password and try again.");
  }
  let classes = 0;
  if (/[0-9]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[a-z]/.test(password)) classes++;
  if (/[^a-zA-Z0-9]/.test(password)) classes++;
  if (classes < policy.requiredClasses) {
    throw new InputError(
      'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
      [String(policy.requiredClasses)],
    );
  }
}

export function checkPasswordNotEmail(password: string, email: string): void {
  if (password.toLowerCase() === email.toLowerCase()) {
    throw new InputError("The password can't be the same as the email address. Create a new password and try again.");
  }
}
