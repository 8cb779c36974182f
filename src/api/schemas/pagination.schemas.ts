import { Type } from '@sinclair/typebox';

/**
 * Every list the API serves comes a page at a time: `limit` items (default 100, at most 1000:
 * more is 400 INVALID_LIMIT) and, for the next page, the `nextCursor` of this one as `cursor`.
 */
export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 1000;

export const PageLimit = Type.Integer({
  minimum: 1,
  maximum: PAGE_LIMIT_MAX,
  default: PAGE_LIMIT_DEFAULT,
  description: `Items per page (1 to ${PAGE_LIMIT_MAX})`,
});

export const Cursor = Type.String({
  pattern: '^[A-Za-z0-9._-]{1,100}$',
  description: 'The `nextCursor` of the previous page (opaque); absent for the first page',
});

/** The query properties of a paged list, to spread into a route's querystring schema. */
export const pageQueryProperties = { limit: PageLimit, cursor: Type.Optional(Cursor) };

export const PageQuerySchema = Type.Object(pageQueryProperties);

export const NextCursor = (list: string) =>
  Type.Union([Type.String(), Type.Null()], {
    description: `Pass as \`cursor\` (same other parameters) for the next page of \`${list}\`; null on the last page. The \`Link\` header (rel="next") holds the same as a URL.`,
  });
