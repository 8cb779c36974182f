/**
 * One page of a list read in a stable order. `next` is an opaque cursor that only the adapter
 * which produced it can read: pass it back as `after` for the following page (null: last page).
 */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface PageRequest {
  limit: number;
  /** A `next` of an earlier page; null for the first page. */
  after: string | null;
}
