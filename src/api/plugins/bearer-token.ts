import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer +(\S+) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  return BEARER.exec(authorization ?? '')?.[1] ?? null;
}

/**
 * A check of a given token against the configured one. Comparing fixed-size digests keeps the
 * comparison constant-time whatever the token lengths.
 */
export function tokenMatcher(expected: string): (given: string) => boolean {
  const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();
  const want = digest(expected);
  return (given) => timingSafeEqual(digest(given), want);
}
