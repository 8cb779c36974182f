import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ProxyOnChain } from './operator-proxy.js';

/**
 * The setup call built in the browser, exactly as the API builds it (src/chain/nomination-calls.ts):
 * utility.batchAll([staking.bond(value, Staked) when not bonded, proxy.addProxy(operator, Staking, 0)]).
 * Used when a pending delegation comes back without the call data of its opt-in.
 */
export function buildSetupTx(
  api: ApiPromise,
  input: { operator: string; bondValue: bigint | null; needsProxy: boolean },
): SubmittableExtrinsic<'promise'> {
  const calls: SubmittableExtrinsic<'promise'>[] = [];
  if (input.bondValue !== null) calls.push(api.tx.staking!.bond!(input.bondValue, 'Staked'));
  if (input.needsProxy) calls.push(api.tx.proxy!.addProxy!(input.operator, 'Staking', 0));
  return api.tx.utility!.batchAll!(calls);
}

/** Removes the operator's proxies (each with its own type and delay): the user's way of ending it on chain. */
export function buildRemoveProxyTx(api: ApiPromise, proxies: readonly ProxyOnChain[]): SubmittableExtrinsic<'promise'> {
  const calls = proxies.map((p) => api.tx.proxy!.removeProxy!(p.delegate, p.proxyType, p.delay));
  return calls.length === 1 ? calls[0]! : api.tx.utility!.batchAll!(calls);
}
