/**
 * Domain errors carry a stable code and a kind; the HTTP layer maps kinds to statuses.
 * Nothing here knows about HTTP.
 */
export type ErrorKind =
  | 'validation' // malformed input (400)
  | 'unauthenticated' // bad/replayed signature, missing admin token (401)
  | 'forbidden' // wrong admin token (403)
  | 'not_found' // unknown resource (404)
  | 'conflict' // state conflict, e.g. already opted in (409)
  | 'rule' // business rule violated (422)
  | 'unavailable'; // a dependency (chain, operator key) is missing (503)

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('validation', code, message, details);
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const ruleViolation = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('rule', code, message, details);
export const unauthenticated = (code: string, message: string) => new DomainError('unauthenticated', code, message);
export const unavailable = (code: string, message: string) => new DomainError('unavailable', code, message);
