// Domain errors: services throw these, and one place (src/web/errors.ts) maps them to HTTP statuses.

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Input the user can fix: 400 (or 422-like form re-render). `field` names the form field. */
export class InvalidInput extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super('invalid', message);
  }
}

export class NotFound extends DomainError {
  constructor(message = 'Not found') {
    super('not_found', message);
  }
}

/** The visitor must log in to see this (restricted works for guests). */
export class LoginRequired extends DomainError {
  constructor(message = 'You must log in to see this') {
    super('login_required', message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You may not do that') {
    super('forbidden', message);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, readonly field?: string) {
    super('conflict', message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many attempts; try again in ${retryAfterSeconds} seconds`,
  ) {
    super('rate_limited', message);
  }
}

/** An API request carried a token that is unknown or revoked. */
export class InvalidToken extends DomainError {
  constructor() {
    super('invalid_token', 'The API token is not valid (revoked or mistyped)');
  }
}
