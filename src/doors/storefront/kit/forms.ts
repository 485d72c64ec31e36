// The storefront's mapping from the services' errors to its form fields (the fields themselves
// are the shared kit's, doors/html/forms.ts).
import type { ErrorCode } from '../../../errors/codes.ts';
import type { DomainError } from '../../../errors/domain-errors.ts';
import { FormErrors, type ErrorPlacement, type FieldRef } from '../../html/forms.ts';

export type { FieldRef };

/**
 * Where a form shows each domain error: next to the field its `fieldName` parameter names
 * ('by-field-name'), next to the form's email, password or current-password input, or in the
 * summary at the top. One table for the whole storefront (the error-code test checks it is complete).
 */
export const STOREFRONT_ERROR_PLACEMENT: Record<ErrorCode, ErrorPlacement> = {
  'input.required': 'by-field-name',
  'input.invalid_value': 'by-field-name',
  'input.aggregate': 'summary',
  'input.unsupported_field': 'by-field-name',
  'input.type_mismatch': 'by-field-name',
  'input.invalid_parameters': 'summary',
  'input.invalid_field_value': 'by-field-name',
  'search.invalid_field': 'summary',
  'search.invalid_sort_direction': 'summary',
  'webapi.too_many_items': 'summary',
  'webapi.page_size_too_large': 'summary',
  'customer.share_duplicates': 'summary',
  'service.unavailable': 'summary',
  'entity.not_found': 'summary',
  'entity.not_found_by_two_fields': 'summary',
  'customer.email_taken': 'email',
  'customer.email_missing': 'email',
  'customer.invalid_fields': 'summary',
  'customer.group_not_found': 'summary',
  'customer.store_not_in_website': 'summary',
  'customer.invalid_login': 'summary',
  'customer.locked': 'summary',
  'address.not_owned': 'summary',
  'address.default_billing_delete': 'summary',
  'address.default_shipping_delete': 'summary',
  'newsletter.guest_not_allowed': 'email',
  'newsletter.already_subscribed': 'email',
  'newsletter.email_of_other_customer': 'email',
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

/** A service error as the storefront's form messages. */
export function formErrors(error: DomainError, fieldIds: Record<string, string | FieldRef> = {}): FormErrors {
  return FormErrors.from(error, STOREFRONT_ERROR_PLACEMENT, fieldIds);
}
