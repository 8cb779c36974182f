import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationError } from '../domain/errors.js';

/**
 * Says where the next page is in a `Link: <url>; rel="next"` header too: the request's own URL
 * with `cursor` set, so that a client can follow pages without building URLs.
 */
export function linkNextPage(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null): void {
  if (nextCursor === null) return;
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('cursor', nextCursor);
  url.searchParams.delete('before');
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

export const invalidCursor = () =>
  validationError('INVALID_CURSOR', 'cursor is not one this list gave out', { field: '/cursor' });

/**
 * A page of a list held in memory (a snapshot's candidates, a replay), whose order never changes:
 * the cursor is the position where the next page starts.
 */
export function pageOfList<T>(
  items: readonly T[],
  limit: number,
  cursor: string | undefined,
): { items: T[]; nextCursor: string | null } {
  const start = cursor === undefined ? 0 : offsetOf(cursor);
  const end = start + limit;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
}

function offsetOf(cursor: string): number {
  if (!/^[0-9]{1,9}$/.test(cursor)) throw invalidCursor();
  return Number(cursor);
}
