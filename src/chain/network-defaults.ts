import type { TokenInfo } from './connection.js';

/**
 * What a network's staking chain is known to use, for the time before it answers (a read route
 * must not wait for the chain to check an address or to format an amount). Once connected, the
 * chain's own registry is used instead.
 */
export const NETWORK_DEFAULTS: Record<
  'kusama' | 'polkadot' | 'westend' | 'paseo',
  { ss58Prefix: number; token: TokenInfo }
> = {
  kusama: { ss58Prefix: 2, token: { symbol: 'KSM', decimals: 12 } },
  polkadot: { ss58Prefix: 0, token: { symbol: 'DOT', decimals: 10 } },
  westend: { ss58Prefix: 42, token: { symbol: 'WND', decimals: 12 } },
  paseo: { ss58Prefix: 0, token: { symbol: 'PAS', decimals: 10 } },
};
