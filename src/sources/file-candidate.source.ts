import type { CandidateDocument, CandidateSource } from '../domain/ports/candidate-source.js';
import { CandidateSourceError } from './candidate-source.errors.js';
import { DEFAULT_CANDIDATES_MAX_BYTES, readCappedFile } from './capped-body.js';

/** A candidate document read from a local file (a stash list or a saved `/candidates` response). */
export class FileCandidateSource implements CandidateSource {
  constructor(
    private readonly path: string,
    /** Largest file read (CANDIDATES_MAX_BYTES). */
    private readonly maxBytes: number = DEFAULT_CANDIDATES_MAX_BYTES,
  ) {}

  describe(): string {
    return `file ${this.path}`;
  }

  async fetch(): Promise<CandidateDocument> {
    try {
      return { source: this.path, body: await readCappedFile(this.path, this.maxBytes, `candidate file ${this.path}`) };
    } catch (error) {
      if (error instanceof CandidateSourceError) throw error;
      throw new CandidateSourceError(
        'CANDIDATE_SOURCE_FILE',
        `candidate file ${this.path} could not be read: ${(error as Error).message}`,
        null,
        { cause: error },
      );
    }
  }
}
