import { validationError } from '../domain/errors.js';
import type { CandidateSource } from '../domain/ports/candidate-source.js';
import { redactUrl } from '../redaction.js';
import { DEFAULT_CANDIDATES_MAX_BYTES } from './capped-body.js';
import { FileCandidateSource } from './file-candidate.source.js';
import { UrlCandidateSource } from './url-candidate.source.js';

export interface CandidateSourceConfig {
  /** CANDIDATES_URL */
  url?: string | null;
  /** CANDIDATES_FILE */
  file?: string | null;
  /** For a URL source; default 30 s. */
  timeoutMs?: number;
  /** CANDIDATES_MAX_BYTES: the largest document read; default 16 MiB. */
  maxBytes?: number;
}

export const DEFAULT_CANDIDATE_SOURCE_TIMEOUT_MS = 30_000;

/** The configured source: exactly one of a URL or a file. Empty strings count as unset. */
export function createCandidateSource(config: CandidateSourceConfig): CandidateSource {
  const url = config.url?.trim() || null;
  const file = config.file?.trim() || null;
  if ((url === null) === (file === null)) {
    throw configError(
      url === null
        ? 'no candidate source: set CANDIDATES_URL or CANDIDATES_FILE'
        : 'two candidate sources: set only one of CANDIDATES_URL and CANDIDATES_FILE',
    );
  }
  const maxBytes = config.maxBytes ?? DEFAULT_CANDIDATES_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw configError(`the candidate source's size cap must be a positive number of bytes, got ${maxBytes}`);
  }
  if (file !== null) return new FileCandidateSource(file, maxBytes);

  const protocol = protocolOf(url as string);
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw configError(`CANDIDATES_URL must be an http(s) URL, got ${redactUrl(url as string)}`);
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_CANDIDATE_SOURCE_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw configError(`the candidate source timeout must be a positive number of ms, got ${timeoutMs}`);
  }
  return new UrlCandidateSource(url as string, { timeoutMs, maxBytes });
}

function protocolOf(url: string): string | null {
  try {
    return new URL(url).protocol;
  } catch {
    return null;
  }
}

const configError = (message: string) => validationError('CANDIDATE_SOURCE_CONFIG', message);
