import type { ApiPromise } from '@polkadot/api';
import type { Call } from '@polkadot/types/interfaces';
import type { NominationItem } from '../domain/ports/extrinsics.js';
import type { Address, Planck } from '../domain/shared/types.js';

/** Builds one runtime call by pallet and call name: the same code serves a live api and offline metadata. */
export type CallFactory = (section: string, method: string, ...args: unknown[]) => Call;

type TxSections = Record<string, Record<string, ((...args: unknown[]) => unknown) | undefined> | undefined>;

function lookup(tx: TxSections, section: string, method: string): (...args: unknown[]) => unknown {
  const fn = tx[section]?.[method];
  if (!fn) throw new Error(`the runtime has no call ${section}.${method}`);
  return fn;
}

export function callFactoryFromApi(api: ApiPromise): CallFactory {
  return (section, method, ...args) => (lookup(api.tx as never, section, method)(...args) as { method: Call }).method;
}

/** For `expandMetadata(...).tx`, whose functions return the Call itself. */
export function callFactoryFromDecorated(tx: object): CallFactory {
  return (section, method, ...args) => lookup(tx as TxSections, section, method)(...args) as Call;
}

export const STAKING_PROXY_TYPE = 'Staking';

/** `proxy.proxy(stash, 'Staking', staking.nominate(targets))`. */
export function nominateViaProxyCall(f: CallFactory, item: NominationItem, proxyType = STAKING_PROXY_TYPE): Call {
  return f('proxy', 'proxy', item.stash, proxyType, f('staking', 'nominate', item.targets));
}

/** `utility.forceBatch` of one proxied nomination per item: an item's failure never stops the others. */
export function buildNominationBatchCall(
  f: CallFactory,
  items: NominationItem[],
  proxyType = STAKING_PROXY_TYPE,
): Call {
  return f(
    'utility',
    'forceBatch',
    items.map((item) => nominateViaProxyCall(f, item, proxyType)),
  );
}

/** `utility.batchAll([staking.bond(value, 'Staked')?, proxy.addProxy(operator, 'Staking', 0)])`, atomic. */
export function buildSetupBatchCall(
  f: CallFactory,
  input: { operator: Address; bondValue: Planck | null },
  proxyType = STAKING_PROXY_TYPE,
): Call {
  const calls: Call[] = [];
  if (input.bondValue !== null) calls.push(f('staking', 'bond', input.bondValue, 'Staked'));
  calls.push(f('proxy', 'addProxy', input.operator, proxyType, 0));
  return f('utility', 'batchAll', calls);
}

/** The payout call the runtime offers: by page where paged exposure exists. */
export function buildPayoutCall(
  f: CallFactory,
  kind: 'payoutStakersByPage' | 'payoutStakers',
  validator: Address,
  era: number,
  page: number,
): Call {
  return kind === 'payoutStakersByPage'
    ? f('staking', 'payoutStakersByPage', validator, era, page)
    : f('staking', 'payoutStakers', validator, era);
}
