// Magento's customer password rules (AccountManagement::checkPasswordStrength), in Magento's order.
import { InputError } from '../errors/domain-errors.ts';

export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordPolicy {
  minLength: number;
  requiredClasses: number;
}

export function checkPasswordStrength(password: string, policy: PasswordPolicy): void {
  const length = [...password].length; // multibyte length, as mb_strlen
  if (length > MAX_PASSWORD_LENGTH) {
    throw new InputError('password.too_long', [MAX_PASSWORD_LENGTH]);
  }
  if (length < policy.minLength) {
    throw new InputError('password.too_short', [String(policy.minLength)]);
  }
  if (password.trim().length !== password.length) {
    throw new InputError('password.surrounding_space');
  }
  let classes = 0;
  if (/[0-9]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[a-z]/.test(password)) classes++;
  if (/[^a-zA-Z0-9]/.test(password)) classes++;
  if (classes < policy.requiredClasses) {
    throw new InputError('password.character_classes', [String(policy.requiredClasses)]);
  }
}

export function checkPasswordNotEmail(password: string, email: string): void {
  if (password.toLowerCase() === email.toLowerCase()) {
    throw new InputError('password.same_as_email');
  }
}
