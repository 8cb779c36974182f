import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.js';
import { useApp } from '../app-state.js';

export interface Fetched<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * GETs `path` (null: nothing yet), again when the app's version moves (after a change) and every
 * `pollMs` when given; the last good answer stays shown while a new one comes.
 */
export function useFetch<T>(path: string | null, pollMs?: number): Fetched<T> {
  const { version } = useApp();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // A poll never cancels a read still on its way: when reads take longer than `pollMs` (a slow
  // chain behind the API), every answer would otherwise be dropped and the view never move.
  const inFlight = useRef(false);

  useEffect(() => {
    setData(null);
    setError(null);
  }, [path]);

  useEffect(() => {
    if (!path) return;
    let live = true;
    inFlight.current = true;
    setLoading(true);
    api
      .get<T>(path)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e))
      .finally(() => {
        if (!live) return;
        setLoading(false);
        inFlight.current = false;
      });
    return () => {
      live = false;
      inFlight.current = false;
    };
  }, [path, version, tick]);

  useEffect(() => {
    if (!path || !pollMs) return;
    const timer = setInterval(() => {
      if (!inFlight.current) reload();
    }, pollMs);
    return () => clearInterval(timer);
  }, [path, pollMs, reload]);

  return { data, error, loading, reload };
}
