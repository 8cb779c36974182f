import { DomainError } from '../domain/errors.js';

/** The candidate source could not be read: a dependency failure, worth retrying later. */
export class CandidateSourceError extends DomainError {
  constructor(
    code:
      | 'CANDIDATE_SOURCE_HTTP_STATUS'
      | 'CANDIDATE_SOURCE_TIMEOUT'
      | 'CANDIDATE_SOURCE_UNREACHABLE'
      | 'CANDIDATE_SOURCE_FILE'
      | 'CANDIDATE_SOURCE_TOO_LARGE',
    message: string,
    /** The HTTP status for CANDIDATE_SOURCE_HTTP_STATUS, null otherwise. */
    readonly status: number | null = null,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super('unavailable', code, message, status === null ? options?.details : { status });
    this.name = 'CandidateSourceError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
