import { useMemo } from 'react';
import { useFetch } from '../../lib/use-fetch.js';

/** A token of the registry (GET /v1/tokens). */
export interface Token {
  denom: string;
  kind: 'native' | 'asset';
  assetId: number | null;
  decimals: number;
  rate: string;
  staking: boolean;
}

export interface Tokens {
  list: Token[];
  byDenom: Map<string, Token>;
  loading: boolean;
  error: unknown;
}

/** The token registry, for amounts in each token's own decimals (a handful of tokens: one page of 1000). */
export function useTokens(): Tokens {
  const { data, error, loading } = useFetch<{ tokens: Token[] }>('/v1/tokens?limit=1000');
  return useMemo(() => {
    const list = data?.tokens ?? [];
    return { list, byDenom: new Map(list.map((t) => [t.denom, t])), loading, error };
  }, [data, error, loading]);
}
