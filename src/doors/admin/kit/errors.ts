// Where the admin's forms show each domain error (one table for the whole admin door; the
// error-code test checks it is complete). Customer and address errors go where the storefront
// puts them; admin-user errors next to their fields.
import type { ErrorCode } from '../../../errors/codes.ts';
import type { DomainError } from '../../../errors/domain-errors.ts';
import { FormErrors, type ErrorPlacement } from '../../html/forms.ts';

export const ADMIN_ERROR_PLACEMENT: Record<ErrorCode, ErrorPlacement> = {
  'input.required': 'by-field-name',
  'input.invalid_value': 'by-field-name',
  'input.aggregate': 'summary',
  'input.unsupported_field': 'by-field-name',
  'input.type_mismatch': 'by-field-name',
  'input.invalid_parameters': 'summary',
  'input.invalid_field_value': 'by-field-name',
  'search.invalid_field': 'summary',
  'search.invalid_sort_direction': 'summary',
  'entity.not_found': 'summary',
  'entity.not_found_by_two_fields': 'summary',
  'customer.email_taken': 'email',
  'customer.email_missing': 'email',
  'customer.invalid_fields': 'summary',
  'customer.group_not_found': 'summary',
  'customer.store_not_in_website': 'summary',
  'customer.invalid_login': 'summary',
  'customer.locked': 'summary',
  'customer.not_confirmed': 'summary',
  'password.too_long': 'password',
  'password.too_short': 'password',
  'password.surrounding_space': 'password',
  'password.character_classes': 'password',
  'password.same_as_email': 'password',
  'password.current_mismatch': 'current-password',
  'password.invalid_template': 'summary',
  'password.reset_token_mismatch': 'summary',
  'password.reset_token_expired': 'summary',
  'password.reset_token_ambiguous': 'summary',
  'password.reset_too_frequent': 'summary',
  'password.reset_too_many': 'summary',
  'confirmation.invalid_key': 'summary',
  'confirmation.not_needed': 'summary',
  'confirmation.already_active': 'summary',
  'auth.sign_in_failed': 'summary',
  'auth.not_authorized': 'summary',
  'auth.busy': 'summary',
  'admin.username_required': 'summary',
  'admin.firstname_required': 'summary',
  'admin.lastname_required': 'summary',
  'admin.invalid_email': 'email',
  'admin.password_required': 'password',
  'admin.password_too_short': 'password',
  'admin.password_needs_letters_and_digits': 'password',
  'admin.user_exists': 'summary',
  'role.exists': 'summary',
  'group.exists': 'summary',
  'group.cannot_delete': 'summary',
  'integration.exists': 'summary',
  'store.code_duplicated': 'summary',
  'store.invalid_code': 'summary',
  'store.no_default_website': 'summary',
  'store.group_in_other_website': 'summary',
  'store.not_set_up': 'summary',
  'secret.unreadable': 'summary',
  'secret.not_created': 'summary',
};

export function adminFormErrors(error: DomainError, fieldIds: Record<string, string> = {}): FormErrors {
  return FormErrors.from(error, ADMIN_ERROR_PLACEMENT, fieldIds);
}
