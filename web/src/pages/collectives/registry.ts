import { useFetch } from '../../lib/use-fetch.js';
import type { Names, NetworkProperties, Role, Token } from './types.js';

/** What the collective forms need from the registries: tokens, network properties, pools and roles. */
export interface Registry {
  tokens: Token[];
  stakingTokens: Token[];
  properties: NetworkProperties | null;
  pools: string[];
  roles: string[];
  error: unknown;
  loading: boolean;
}

export function useRegistry(): Registry {
  const tokens = useFetch<{ tokens: Token[] }>('/v1/tokens?limit=1000');
  const properties = useFetch<NetworkProperties>('/v1/network-properties');
  const pools = useFetch<Names>('/v1/spending-pools?limit=1000');
  const roles = useFetch<{ roles: Role[] }>('/v1/roles?limit=1000');
  const all = tokens.data?.tokens ?? [];
  return {
    tokens: all,
    stakingTokens: all.filter((t) => t.staking),
    properties: properties.data,
    pools: pools.data?.names ?? [],
    roles: (roles.data?.roles ?? []).map((r) => r.name),
    error: tokens.error ?? properties.error ?? pools.error ?? roles.error,
    loading: !tokens.data || !properties.data || !pools.data || !roles.data,
  };
}
