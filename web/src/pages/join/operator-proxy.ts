import { sameAccount } from '../staking/address-key.js';

export interface ProxyOnChain {
  delegate: string;
  proxyType: string;
  delay: number;
}

/** Proxy types through which NDeST's operator may nominate (src/domain/delegation/delegation-rules.ts). */
export const NOMINATING_PROXY_TYPES = ['Staking', 'Any'];

/** The proxies that let the operator nominate for the stash now: Staking or Any, no delay. */
export function operatorProxies(proxies: readonly ProxyOnChain[], operator: string | null): ProxyOnChain[] {
  if (!operator) return [];
  return proxies.filter(
    (p) => sameAccount(p.delegate, operator) && p.delay === 0 && NOMINATING_PROXY_TYPES.includes(p.proxyType),
  );
}

/** Proxies given to the operator that it cannot use to nominate (another type, or a delay). */
export function unusableOperatorProxies(proxies: readonly ProxyOnChain[], operator: string | null): ProxyOnChain[] {
  if (!operator) return [];
  const usable = new Set(operatorProxies(proxies, operator));
  return proxies.filter((p) => sameAccount(p.delegate, operator) && !usable.has(p));
}
