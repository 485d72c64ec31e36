// The error catalogue: every failure the domain can report, by a stable code, with its kind and
// Magento's message template (%placeholders left in, as Magento's REST door sends them). Doors
// decide by code, never by message text; each door maps every code in one table of its own, and
// test/unit/error-codes.test.ts checks that no code is missing from any door or unused in src/.

export type ErrorKind = 'input' | 'no-such-entity' | 'authentication' | 'authorization' | 'state' | 'busy' | 'unavailable';

interface Entry {
  kind: ErrorKind;
  message: string;
}

const input = (message: string) => ({ kind: 'input' as const, message });
const state = (message: string) => ({ kind: 'state' as const, message });
const authentication = (message: string) => ({ kind: 'authentication' as const, message });

export const ERROR_CATALOGUE = {
  // Generic input problems (Magento's InputException factories).
  'input.required': input('"%fieldName" is required. Enter and try again.'),
  'input.invalid_value': input('Invalid value of "%value" provided for the %fieldName field.'),
  'input.aggregate': input('One or more input exceptions have occurred.'),
  'input.unsupported_field': input('"%fieldName" is not supported. Correct the field name and try again.'),
  'input.type_mismatch': input('The value of a parameter does not match its type.'),
  'input.invalid_parameters': input('Not all parameters valid.'),
  'input.invalid_field_value': input('The %fieldName value is invalid. Set the correct value and try again.'),
  'search.invalid_field': input('Invalid attribute name: %1'),
  // Magento's web API input limits (webapi/validation/*; EntityArrayValidator, SearchCriteria validators).
  'webapi.too_many_items': input('Maximum items of type "%type" is %max'),
  'webapi.page_size_too_large': input('Maximum SearchCriteria pageSize is %max'),
  'search.invalid_sort_direction': input('The sort order has to be specified as %1 for ascending order or %2 for descending order.'),

  // Missing rows (NoSuchEntityException).
  'entity.not_found': { kind: 'no-such-entity' as const, message: 'No such entity with %fieldName = %fieldValue' },
  'entity.not_found_by_two_fields': { kind: 'no-such-entity' as const, message: 'No such entity with %fieldName = %fieldValue, %field2Name = %field2Value' },

  // Customer accounts.
  'customer.email_taken': state('A customer with the same email address already exists in an associated website.'),
  'customer.email_missing': input('The customer email is missing. Enter and try again.'),
  'customer.invalid_fields': input('The customer data is invalid.'),
  'customer.group_not_found': input('The specified customer group id does not exist.'),
  'customer.share_duplicates': state(
    'Cannot share customer accounts globally because some customer accounts with the same emails exist on multiple websites and cannot be merged.',
  ),
  'customer.store_not_in_website': state('The store view is not in the associated website.'),
  'customer.invalid_login': authentication('Invalid login or password.'),
  'customer.locked': authentication('The account is locked.'),
  'customer.not_confirmed': authentication("This account isn't confirmed. Verify and try again."),

  // One address of a signed-in customer (GraphQL's address mutations). Another customer's address
  // is "not found" to REST; GraphQL names it as Magento does (an authorization error).
  'address.not_owned': { kind: 'no-such-entity' as const, message: 'No such entity with %fieldName = %fieldValue' },
  'address.default_billing_delete': input('Customer Address %1 is set as default billing address and can not be deleted'),
  'address.default_shipping_delete': input('Customer Address %1 is set as default shipping address and can not be deleted'),

  // Newsletter (Magento_Newsletter's subscription rules, as the GraphQL mutation applies them).
  'newsletter.guest_not_allowed': input('Guests can not subscribe to the newsletter. You must create an account to subscribe.'),
  'newsletter.already_subscribed': input('This email address is already subscribed.'),
  'newsletter.email_of_other_customer': input('Cannot create a newsletter subscription.'),

  // Passwords, reset links and confirmation.
  'password.too_long': input('Please enter a password with at most %1 characters.'),
  'password.too_short': input('The password needs at least %1 characters. Create a new password and try again.'),
  'password.surrounding_space': input("The password can't begin or end with a space. Verify the password and try again."),
  'password.character_classes': input(
    'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
  ),
  'password.same_as_email': input("The password can't be the same as the email address. Create a new password and try again."),
  'password.current_mismatch': authentication("The password doesn't match this account. Verify the password and try again."),
  'password.invalid_template': input('Invalid value of "%value" provided for the %fieldName field. Possible values: %template1 or %template2.'),
  'password.reset_token_mismatch': input('The password token is mismatched. Reset and try again.'),
  'password.reset_token_expired': state('The password token is expired. Reset and try again.'),
  'password.reset_token_ambiguous': state('Reset password token expired.'),
  'password.reset_too_frequent': state('Too many password reset requests. Please wait and try again or contact %1.'),
  'password.reset_too_many': state('We received too many requests for password resets. Please wait and try again later or contact %1.'),
  'confirmation.invalid_key': input('The confirmation token is invalid. Verify the token and try again.'),
  'confirmation.not_needed': state("Confirmation isn't needed."),
  'confirmation.already_active': state('The account is already active.'),

  // Sign-in and access.
  'auth.sign_in_failed': authentication(
    'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
  ),
  'auth.not_authorized': { kind: 'authorization' as const, message: "The consumer isn't authorized to access %resources." },
  'auth.busy': { kind: 'busy' as const, message: 'The service is busy. Please try again later.' },

  // Admin users and roles.
  'admin.username_required': input('"User Name" is required. Enter and try again.'),
  'admin.firstname_required': input('"First Name" is required. Enter and try again.'),
  'admin.lastname_required': input('"Last Name" is required. Enter and try again.'),
  'admin.invalid_email': input('Please enter a valid email.'),
  'admin.password_required': input('Password is required field.'),
  'admin.password_too_short': input('Your password must be at least %1 characters.'),
  'admin.password_needs_letters_and_digits': input('Your password must include both numeric and alphabetic characters.'),
  'admin.user_exists': input('A user with the same user name or email already exists.'),
  'role.exists': input('A role with the same name already exists.'),

  // Customer groups.
  'group.exists': state('Customer Group already exists.'),
  'group.cannot_delete': state('Cannot delete group.'),

  // Integrations.
  'integration.exists': input("Integration with name '%integrationName' exists."),

  // Stores and secrets: the installation itself is incomplete or damaged.
  'store.code_duplicated': input('The store code is duplicated.'),
  'store.invalid_code': input(
    'The %field code may contain only letters (a-z), numbers (0-9) or underscore (_), and the first character must be a letter.',
  ),
  'store.no_default_website': input('No default website exists.'),
  'store.group_in_other_website': input('The store group "%1" belongs to another website.'),
  'store.not_set_up': { kind: 'unavailable' as const, message: 'The default store views are missing: run bin/keyfront setup:upgrade' },
  // The database did not answer in time (stopped, frozen, or its pool exhausted): Keyfront's own 503.
  'service.unavailable': { kind: 'unavailable' as const, message: 'The service is temporarily unavailable. Please try again later.' },
  'secret.unreadable': { kind: 'unavailable' as const, message: 'A stored secret cannot be decrypted with the current master secret (was KEYFRONT_SECRET changed?).' },
  'secret.not_created': { kind: 'unavailable' as const, message: 'The master secret could not be created.' },
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** The codes of one kind: `new StateError(code)` accepts only codes whose kind is 'state'. */
export type CodeOf<K extends ErrorKind> = { [C in ErrorCode]: (typeof ERROR_CATALOGUE)[C]['kind'] extends K ? C : never }[ErrorCode];
