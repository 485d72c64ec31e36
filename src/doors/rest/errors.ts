// Maps the domain's errors (and Fastify's own) to Magento's REST error bodies, in one place.
import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '../../errors/codes.ts';
import { DomainError, InputError, type ErrorParams } from '../../errors/domain-errors.ts';

export interface ErrorBody {
  message: string;
  errors?: Array<{ message: string; parameters: ErrorParams }>;
  parameters?: ErrorParams;
}

/** An error only the REST door knows (no route, refused store code, media type): status + rendered message. */
export class WebapiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const NO_ROUTE = 'Request does not match any route.';

/**
 * The HTTP status of every domain error, by code: Magento's (InputException and StateException 400,
 * AuthenticationException and AuthorizationException 401, NoSuchEntityException 404) and
 * Keyfront's own 503s (a full hashing queue, an installation that is not set up).
 */
export const REST_STATUS: Record<ErrorCode, number> = {
  'input.required': 400,
  'input.invalid_value': 400,
  'input.aggregate': 400,
  'input.unsupported_field': 400,
  'input.type_mismatch': 400,
  'input.invalid_parameters': 400,
  'input.invalid_field_value': 400,
  'search.invalid_field': 400,
  'search.invalid_sort_direction': 400,
  'webapi.too_many_items': 400,
  'webapi.page_size_too_large': 400,
  'customer.share_duplicates': 400,
  'service.unavailable': 503,
  'entity.not_found': 404,
  'entity.not_found_by_two_fields': 404,
  'customer.email_taken': 400,
  'customer.email_missing': 400,
  'customer.invalid_fields': 400,
  'customer.group_not_found': 400,
  'customer.store_not_in_website': 400,
  'customer.invalid_login': 401,
  'customer.locked': 401,
  'customer.not_confirmed': 401,
  'address.not_owned': 404,
  'address.default_billing_delete': 400,
  'address.default_shipping_delete': 400,
  'newsletter.guest_not_allowed': 400,
  'newsletter.already_subscribed': 400,
  'newsletter.email_of_other_customer': 400,
  'password.too_long': 400,
  'password.too_short': 400,
  'password.surrounding_space': 400,
  'password.character_classes': 400,
  'password.same_as_email': 400,
  'password.current_mismatch': 401,
  'password.invalid_template': 400,
  'password.reset_token_mismatch': 400,
  'password.reset_token_expired': 400,
  'password.reset_token_ambiguous': 400,
  'password.reset_too_frequent': 400,
  'password.reset_too_many': 400,
  'confirmation.invalid_key': 400,
  'confirmation.not_needed': 400,
  'confirmation.already_active': 400,
  'auth.sign_in_failed': 401,
  'auth.not_authorized': 401,
  'auth.busy': 503,
  'admin.username_required': 400,
  'admin.firstname_required': 400,
  'admin.lastname_required': 400,
  'admin.invalid_email': 400,
  'admin.password_required': 400,
  'admin.password_too_short': 400,
  'admin.password_needs_letters_and_digits': 400,
  'admin.user_exists': 400,
  'role.exists': 400,
  'group.exists': 400,
  'group.cannot_delete': 400,
  'integration.exists': 400,
  'store.code_duplicated': 400,
  'store.invalid_code': 400,
  'store.no_default_website': 400,
  'store.group_in_other_website': 400,
  'store.not_set_up': 503,
  'secret.unreadable': 503,
  'secret.not_created': 503,
};

function hasParams(p: ErrorParams | undefined): p is ErrorParams {
  return p !== undefined && (Array.isArray(p) ? p.length > 0 : Object.keys(p).length > 0);
}

/** Magento's Rest\Response::_renderMessages: message, errors, parameters, in that order. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean; reportId?: string } {
  if (error instanceof DomainError) {
    const body: ErrorBody = { message: error.message };
    if (error instanceof InputError && error.errors.length > 0) {
      body.errors = error.errors.map((e) => ({ message: e.message, parameters: e.params ?? [] }));
    }
    if (hasParams(error.params)) body.parameters = error.params;
    return { status: REST_STATUS[error.code], body, unexpected: false };
  }
  if (error instanceof WebapiError) return { status: error.status, body: { message: error.message }, unexpected: false };
  const fastify = fastifyError(error);
  if (fastify) return { ...fastify, unexpected: false };
  // Unknown errors stay opaque: a fixed text and a report id; the details go to the log only.
  const reportId = `webapi-${randomBytes(7).toString('hex').slice(0, 13)}`;
  return {
    status: 500,
    body: { message: `Internal Error. Details are available in Magento log file. Report ID: ${reportId}` },
    unexpected: true,
    reportId,
  };
}

function fastifyError(error: unknown): { status: number; body: ErrorBody } | null {
  const e = error as { code?: string; statusCode?: number } | null;
  if (!e || typeof e.code !== 'string') return null;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { message: 'Request body is too large.' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { message: 'Decoding error.' } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return { status: 400, body: { message: 'Bad request.' } };
    default:
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, body: { message: 'Bad request.' } };
      return null;
  }
}
