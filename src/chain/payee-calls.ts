import type { Call } from '@polkadot/types/interfaces';
import type { PayeeCall } from '../domain/collectives/collective-batches.js';
import type { RewardDestination } from '../domain/collectives/types.js';
import { STAKING_PROXY_TYPE, type CallFactory } from './nomination-calls.js';

/**
 * `staking.setPayee`'s argument for a destination. `Controller` is refused by current runtimes
 * (`staking.ControllerDeprecated`), on which every stash is its own controller: it is set as
 * `Stash`, the same account.
 */
export function rewardDestinationArg(payee: RewardDestination): string | { Account: string } {
  switch (payee.kind) {
    case 'Account':
      return { Account: payee.account };
    case 'Controller':
      return 'Stash';
    default:
      return payee.kind;
  }
}

/** `proxy.proxy(stash, 'Staking', staking.setPayee(payee))`: what the stash's Staking proxy allows the operator. */
export function setPayeeViaProxyCall(f: CallFactory, call: PayeeCall, proxyType = STAKING_PROXY_TYPE): Call {
  return f('proxy', 'proxy', call.stash, proxyType, f('staking', 'setPayee', rewardDestinationArg(call.payee)));
}

/** `utility.forceBatch` of one proxied setPayee per call: a stash that left fails alone. */
export function buildPayeeBatchCall(f: CallFactory, calls: PayeeCall[], proxyType = STAKING_PROXY_TYPE): Call {
  return f(
    'utility',
    'forceBatch',
    calls.map((call) => setPayeeViaProxyCall(f, call, proxyType)),
  );
}
