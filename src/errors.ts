// One error vocabulary for the domain, shaped after Magento's exceptions. Each door maps these
// once (REST: status + {"message","parameters"}); services never think about HTTP.
// Messages are Magento's raw templates with %placeholders left in, as Magento's REST door sends them.

export type ErrorParams = Record<string, string | number | boolean | null> | Array<string | number>;

export abstract class DomainError extends Error {
  abstract readonly kind: 'input' | 'no-such-entity' | 'authentication' | 'authorization' | 'state' | 'busy';
  constructor(
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input (Magento InputException / InputMismatchException / LocalizedException): 400. */
export class InputError extends DomainError {
  readonly kind = 'input';
  /** Two or more collected errors (Magento's aggregate exception). */
  errors: InputError[] = [];

  static required(fieldName: string): InputError {
    return new InputError('"%fieldName" is required. Enter and try again.', { fieldName });
  }
  static invalidValue(fieldName: string, value: unknown): InputError {
    return new InputError('Invalid value of "%value" provided for the %fieldName field.', {
      fieldName,
      value: scalar(value),
    });
  }
}

/** A missing row (NoSuchEntityException): 404. */
export class NoSuchEntityError extends DomainError {
  readonly kind = 'no-such-entity';
  static byField(fieldName: string, fieldValue: string | number): NoSuchEntityError {
    return new NoSuchEntityError('No such entity with %fieldName = %fieldValue', { fieldName, fieldValue });
  }
  static byTwoFields(
    fieldName: string,
    fieldValue: string | number,
    field2Name: string,
    field2Value: string | number,
  ): NoSuchEntityError {
    return new NoSuchEntityError('No such entity with %fieldName = %fieldValue, %field2Name = %field2Value', {
      fieldName,
      fieldValue,
      field2Name,
      field2Value,
    });
  }
}

/** Failed sign-in or a locked account (AuthenticationException and kin): 401. */
export class AuthenticationError extends DomainError {
  readonly kind = 'authentication';
}

/** The caller lacks an ACL resource (AuthorizationException): 401 in Magento's REST door. */
export class AuthorizationError extends DomainError {
  readonly kind = 'authorization';
  constructor(readonly resources: readonly string[]) {
    super("The consumer isn't authorized to access %resources.", { resources: resources.join(', ') });
  }
}

/** A rule about the current state was broken (StateException, AlreadyExists, Expired…): 400. */
export class StateError extends DomainError {
  readonly kind = 'state';
}

/**
 * Too much work queued (password hashing under a flood): 503, try again. Keyfront-specific:
 * Magento has no such bound, and would run out of memory or time instead.
 */
export class ServiceBusyError extends DomainError {
  readonly kind = 'busy';
  constructor() {
    super('The service is busy. Please try again later.');
  }
}

/** The message Magento's token endpoints answer for every sign-in failure, whatever the cause. */
export const SIGN_IN_FAILED =
  'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

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
    const aggregate = new InputError('One or more input exceptions have occurred.');
    aggregate.errors = [...this.list];
    throw aggregate;
  }
}

function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
