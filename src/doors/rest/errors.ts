// Maps the domain's errors (and Fastify's own) to Magento's REST error bodies, in one place.
import { randomBytes } from 'node:crypto';
import { DomainError, InputError, type ErrorParams } from '../../errors.ts';

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

const STATUS: Record<DomainError['kind'], number> = {
  input: 400,
  'no-such-entity': 404,
  authentication: 401,
  authorization: 401,
  state: 400,
  busy: 503,
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
    return { status: STATUS[error.kind], body, unexpected: false };
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
