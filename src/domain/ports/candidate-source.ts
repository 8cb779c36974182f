/** Where candidates come from (the 1KV programme, a list). Plain data only: no codecs, no Prisma rows. */

/** One raw document of a candidate source (1KV `/candidates` JSON, a stash list, a roster). */
export interface CandidateDocument {
  /** Where it came from (URL or file path), for the record. */
  source: string;
  /** The body as fetched; parsing is a domain rule (candidates/parse-candidates.ts). */
  body: string;
}

export interface CandidateSource {
  describe(): string;
  fetch(): Promise<CandidateDocument>;
}
