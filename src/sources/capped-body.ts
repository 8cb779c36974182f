import { createReadStream } from 'node:fs';
import { CandidateSourceError } from './candidate-source.errors.js';

/** Default of CANDIDATES_MAX_BYTES: the 1KV list of 573 candidates (2022) is 1.8 MB; room to grow. */
export const DEFAULT_CANDIDATES_MAX_BYTES = 16 * 1024 * 1024;

export const tooLarge = (what: string, maxBytes: number) =>
  new CandidateSourceError(
    'CANDIDATE_SOURCE_TOO_LARGE',
    `${what} is larger than CANDIDATES_MAX_BYTES (${maxBytes} bytes): refused unread`,
    null,
    { details: { maxBytes } },
  );

/**
 * Reads an HTTP body of at most `maxBytes` (after any content decoding), refusing at once a
 * declared length beyond it and aborting the transfer as soon as the bytes go past it: a source
 * cannot make the service buffer more than the cap.
 */
export async function readCappedBody(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(what, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** Reads a file of at most `maxBytes`: never more than one byte beyond, even if it grows meanwhile. */
export async function readCappedFile(path: string, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  // `end` is inclusive: one byte past the cap is enough to know it is too large.
  for await (const chunk of createReadStream(path, { start: 0, end: maxBytes })) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).byteLength;
  }
  if (total > maxBytes) throw tooLarge(what, maxBytes);
  return Buffer.concat(chunks, total).toString('utf8');
}
