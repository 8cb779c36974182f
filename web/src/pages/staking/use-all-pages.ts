import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../../app-state.js';
import { allPages } from './all-pages.js';

export interface AllPages<P, T> {
  items: T[] | null;
  first: P | null;
  /** False when the list had more pages than this page reads. */
  complete: boolean;
  error: unknown;
  loading: boolean;
}

/**
 * Every page of a paged list (see allPages), read again when the app's version moves and every
 * `pollMs` when given.
 */
export function useAllPages<P extends { nextCursor: string | null }, T>(
  path: string | null,
  items: (page: P) => T[],
  { maxPages, pollMs }: { maxPages?: number; pollMs?: number } = {},
): AllPages<P, T> {
  const { version } = useApp();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const [state, setState] = useState<AllPages<P, T>>({
    items: null,
    first: null,
    complete: true,
    error: null,
    loading: false,
  });
  // A new path starts empty: never the previous account's list under another's name.
  useEffect(() => setState({ items: null, first: null, complete: true, error: null, loading: false }), [path]);

  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    allPages(path, items, { maxPages })
      .then(
        (r) =>
          live &&
          setState({ items: r.items, first: r.pages[0] ?? null, complete: r.complete, error: null, loading: false }),
      )
      .catch((error: unknown) => live && setState((s) => ({ ...s, error, loading: false })));
    return () => {
      live = false;
    };
    // `items` is a pure picker, not a dependency: a new function each render must not read the list again.
  }, [path, version, maxPages, tick]);

  useEffect(() => {
    if (!path || !pollMs) return;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [path, pollMs, reload]);

  return state;
}
