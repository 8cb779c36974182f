/**
 * A refusal that belongs to HTTP itself, not to the domain (too many requests): its own status and
 * stable code, answered with the error model like every other failure.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
