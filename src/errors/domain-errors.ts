// One error vocabulary for the domain, shaped after Magento's exceptions. Every error carries a
// stable code from the catalogue (codes.ts) beside Magento's message; each door maps codes once
// (REST: status + {"message","parameters"}; storefront: a field and a page message) and services
// never think about HTTP.
import { ERROR_CATALOGUE, type CodeOf, type ErrorCode, type ErrorKind } from './codes.ts';

export type ErrorParams = Record<string, string | number | boolean | null> | Array<string | number>;

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  /**
   * `message` defaults to the catalogue's template; it is given only where Magento composes it
   * (validation messages joined by newlines).
   */
  constructor(
    readonly code: ErrorCode,
    readonly params?: ErrorParams,
    message?: string,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = new.target.name;
  }
}

/** Bad input (Magento InputException / InputMismatchException / LocalizedException): 400. */
export class InputError extends DomainError {
  readonly kind = 'input';
  /** Two or more collected errors (Magento's aggregate exception). */
  errors: InputError[] = [];

  constructor(code: CodeOf<'input'>, params?: ErrorParams, message?: string) {
    super(code, params, message);
  }

  static required(fieldName: string): InputError {
    return new InputError('input.required', { fieldName });
  }
  static invalidValue(fieldName: string, value: unknown): InputError {
    return new InputError('input.invalid_value', { fieldName, value: scalar(value) });
  }
}

/** A missing row (NoSuchEntityException): 404. */
export class NoSuchEntityError extends DomainError {
  readonly kind = 'no-such-entity';
  static byField(fieldName: string, fieldValue: string | number): NoSuchEntityError {
    return new NoSuchEntityError('entity.not_found', { fieldName, fieldValue });
  }
  static byTwoFields(fieldName: string, fieldValue: string | number, field2Name: string, field2Value: string | number): NoSuchEntityError {
    return new NoSuchEntityError('entity.not_found_by_two_fields', { fieldName, fieldValue, field2Name, field2Value });
  }
  constructor(code: CodeOf<'no-such-entity'>, params?: ErrorParams) {
    super(code, params);
  }
}

/** Failed sign-in or a locked account (AuthenticationException and kin): 401. */
export class AuthenticationError extends DomainError {
  readonly kind = 'authentication';
  constructor(code: CodeOf<'authentication'>, params?: ErrorParams) {
    super(code, params);
  }
}

/** The caller lacks an ACL resource (AuthorizationException): 401 in Magento's REST door. */
export class AuthorizationError extends DomainError {
  readonly kind = 'authorization';
  constructor(readonly resources: readonly string[]) {
    super('auth.not_authorized', { resources: resources.join(', ') });
  }
}

/** A rule about the current state was broken (StateException, AlreadyExists, Expired…): 400. */
export class StateError extends DomainError {
  readonly kind = 'state';
  constructor(code: CodeOf<'state'>, params?: ErrorParams) {
    super(code, params);
  }
}

/**
 * Too much work queued (password hashing under a flood): 503, try again. Keyfront-specific:
 * Magento has no such bound, and would run out of memory or time instead.
 */
export class ServiceBusyError extends DomainError {
  readonly kind = 'busy';
  constructor() {
    super('auth.busy');
  }
}

/** The installation cannot serve the request (missing setup, unreadable secret): an operator must act. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(code: CodeOf<'unavailable'>) {
    super(code);
  }
}

/** The message Magento's token endpoints answer for every sign-in failure, whatever the cause. */
export const SIGN_IN_FAILED = ERROR_CATALOGUE['auth.sign_in_failed'].message;

/**
 * Collects input errors the way Magento's AbstractAggregateException does: one error is thrown as
 * itself, two or more as "One or more input exceptions have occurred." with `errors`.
 */
export class InputErrors {
  private readonly list: InputError[] = [];
  add(error: InputError): void {
    this.list.push(error);
  }
  get size(): number {
    return this.list.length;
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    if (this.list.length === 1) throw this.list[0];
    const aggregate = new InputError('input.aggregate');
    aggregate.errors = [...this.list];
    throw aggregate;
  }
}

function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
