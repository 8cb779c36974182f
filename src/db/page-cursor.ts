import { validationError } from '../domain/errors.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import { RESOURCE_NAME } from '../domain/shared/resource-name.js';

/**
 * Keyset cursors of the paged reads: the sort key of a page's last row, so that the next page
 * starts after it whatever was added meanwhile (no offset to drift, no rows skipped twice).
 */

const invalidCursor = () =>
  validationError('INVALID_CURSOR', 'cursor is not one this list gave out', { field: '/cursor' });

/** A row id (bigint autoincrement) as a cursor. */
export function idCursor(after: string | null): bigint | null {
  if (after === null) return null;
  if (!/^[0-9]{1,18}$/.test(after)) throw invalidCursor();
  return BigInt(after);
}

/** A name (of a pool, a collective) as a cursor: the last name of the page before. */
export function nameCursor(after: string | null): string | null {
  if (after !== null && !RESOURCE_NAME.test(after)) throw invalidCursor();
  return after;
}

/** `<block number>-<event key>`: the order of the chain (event keys are `e12`, `x3.1`, …). */
export function blockKeyCursor(after: string | null): { blockNumber: number; key: string } | null {
  if (after === null) return null;
  const match = /^([0-9]{1,10})-([a-z][0-9.]{1,40})$/.exec(after);
  if (!match) throw invalidCursor();
  return { blockNumber: Number(match[1]), key: match[2]! };
}

/**
 * The page from `limit + 1` rows read: the extra row only says that there is a next page, whose
 * cursor is the key of the last row kept.
 */
export function pageOf<R, T>(rows: R[], limit: number, item: (row: R) => T, key: (row: R) => string): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return { items: kept.map(item), next: rows.length > limit && last !== undefined ? key(last) : null };
}

/**
 * The findMany arguments of a page of rows newest first (by id, descending): the rows `where`
 * selects below the cursor, one more than the page (see pageOf). The cursor is the last row's id
 * (pageById).
 */
export function newestFirst<W extends object>(page: PageRequest, where: W) {
  const after = idCursor(page.after);
  return {
    where: { ...where, ...(after !== null ? { id: { lt: after } } : {}) },
    orderBy: { id: 'desc' as const },
    take: page.limit + 1,
  };
}

/** The page of rows read by id (newestFirst): its cursor is the id of the last row kept. */
export const pageById = <R extends { id: bigint }, T>(rows: R[], page: PageRequest, item: (row: R) => T): Page<T> =>
  pageOf(rows, page.limit, item, (r) => r.id.toString());
