import type { CandidateDocument, CandidateSource } from '../domain/ports/candidate-source.js';
import { errorMessage, redactSecrets, redactUrl } from '../redaction.js';
import { CandidateSourceError } from './candidate-source.errors.js';
import { DEFAULT_CANDIDATES_MAX_BYTES, readCappedBody } from './capped-body.js';

export interface UrlCandidateSourceOptions {
  /** Covers the whole exchange, headers and body. */
  timeoutMs: number;
  /** Largest body read (CANDIDATES_MAX_BYTES); default 16 MiB. */
  maxBytes?: number;
}

/** A candidate document fetched over HTTP(S), e.g. the 1KV backend's `/candidates`. */
export class UrlCandidateSource implements CandidateSource {
  /** The URL as shown (logs, errors, the snapshot's `source`): it may carry credentials. */
  private readonly shown: string;

  constructor(
    private readonly url: string,
    private readonly options: UrlCandidateSourceOptions,
  ) {
    this.shown = redactUrl(url);
  }

  describe(): string {
    return `url ${this.shown}`;
  }

  async fetch(): Promise<CandidateDocument> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(this.url, {
        signal,
        headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' },
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new CandidateSourceError(
          'CANDIDATE_SOURCE_HTTP_STATUS',
          `candidate source ${this.shown} answered HTTP ${response.status}`,
          response.status,
        );
      }
      const maxBytes = this.options.maxBytes ?? DEFAULT_CANDIDATES_MAX_BYTES;
      return { source: this.shown, body: await readCappedBody(response, maxBytes, `candidate source ${this.shown}`) };
    } catch (error) {
      if (error instanceof CandidateSourceError) throw error;
      if (signal.aborted) {
        throw new CandidateSourceError(
          'CANDIDATE_SOURCE_TIMEOUT',
          `candidate source ${this.shown} did not answer within ${this.options.timeoutMs} ms`,
          null,
          { cause: error },
        );
      }
      throw new CandidateSourceError(
        'CANDIDATE_SOURCE_UNREACHABLE',
        `candidate source ${this.shown} could not be fetched: ${redactSecrets(errorMessage(error), [this.url])}`,
        null,
        { cause: error },
      );
    }
  }
}
