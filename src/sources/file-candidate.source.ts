import { readFile } from 'node:fs/promises';
import type { CandidateDocument, CandidateSource } from '../domain/ports.js';
import { CandidateSourceError } from './candidate-source.errors.js';

/** A candidate document read from a local file (a stash list or a saved `/candidates` response). */
export class FileCandidateSource implements CandidateSource {
  constructor(private readonly path: string) {}

  describe(): string {
    return `file ${this.path}`;
  }

  async fetch(): Promise<CandidateDocument> {
    try {
      return { source: this.path, body: await readFile(this.path, 'utf8') };
    } catch (error) {
      throw new CandidateSourceError(
        'CANDIDATE_SOURCE_FILE',
        `candidate file ${this.path} could not be read: ${(error as Error).message}`,
        null,
        { cause: error },
      );
    }
  }
}
