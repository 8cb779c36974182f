import { api } from '../../lib/api.js';

/**
 * Every page of a paged list of the API (`nextCursor` → `cursor`), up to `maxPages` pages: a
 * bound so that a page never loops on a service that keeps answering.
 */
export async function allPages<P extends { nextCursor: string | null }, T>(
  path: string,
  items: (page: P) => T[],
  { maxPages = 50 }: { maxPages?: number } = {},
): Promise<{ items: T[]; pages: P[]; complete: boolean }> {
  const out: T[] = [];
  const pages: P[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < maxPages; n++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: P = await api.get<P>(cursor === null ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`);
    pages.push(page);
    out.push(...items(page));
    cursor = page.nextCursor;
    if (cursor === null) return { items: out, pages, complete: true };
  }
  return { items: out, pages, complete: false };
}
