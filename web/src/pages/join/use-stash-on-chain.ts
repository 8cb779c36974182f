import { useCallback, useEffect, useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { useApp } from '../../app-state.js';
import { chainApi } from '../../lib/chain.js';
import { readStashOnChain, type StashOnChain } from './stash-on-chain.js';

export interface ChainRead {
  api: ApiPromise | null;
  stash: StashOnChain | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * The chosen account as the chain shows it, read again when the app's version moves (after a
 * signed change), on `reload()`, and every `pollMs` when given (while waiting for a change).
 */
export function useStashOnChain(address: string | null, pollMs?: number): ChainRead {
  const { config, version } = useApp();
  const endpoint = config.chain.endpoint;
  const [api, setApi] = useState<ApiPromise | null>(null);
  const [stash, setStash] = useState<StashOnChain | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => setStash(null), [address]);

  useEffect(() => {
    if (!address) return;
    if (!endpoint) {
      setError(new Error('NDeST names no chain endpoint for browsers, so the page cannot read the chain.'));
      return;
    }
    let live = true;
    setLoading(true);
    chainApi(endpoint)
      .then(async (connected) => {
        if (!live) return;
        setApi(connected);
        const read = await readStashOnChain(connected, address);
        if (!live) return;
        setStash(read);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(new Error(`The chain could not be read at ${endpoint}: ${(e as Error).message ?? e}`));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [address, endpoint, version, tick]);

  useEffect(() => {
    if (!address || !pollMs) return;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [address, pollMs, reload]);

  return { api, stash, error, loading, reload };
}
