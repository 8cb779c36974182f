import { unwrapStorageType } from '@polkadot/types';
import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { decodeCall, type OfflineRuntime } from '../../../src/chain/offline-calls.js';
import { buildPayeeBatchCall, rewardDestinationArg } from '../../../src/chain/payee-calls.js';
import { rewardDestination } from '../../../src/chain/stake-reader.js';
import type { RewardDestination } from '../../../src/domain/collectives/types.js';
import { assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const [stash, account] = [addr(1), addr(2)] as [string, string];
const ah = assetHubRuntime();
const name = (c: Call) => `${c.section}.${c.method}`;

describe('payee calls against Kusama Asset Hub 2003000', () => {
  it("sets each destination through the stash's Staking proxy, one proxied setPayee per item in a forceBatch", () => {
    const payees: RewardDestination[] = [
      { kind: 'Account', account },
      { kind: 'Staked' },
      { kind: 'Stash' },
      { kind: 'None' },
      { kind: 'Controller' },
    ];
    const built = buildPayeeBatchCall(
      ah.calls,
      payees.map((payee) => ({ stash, payee })),
    );
    const batch = decodeCall(ah, built.toHex());
    expect(batch.toHex()).toBe(built.toHex());
    expect(name(batch)).toBe('utility.forceBatch');
    const items = batch.args[0] as unknown as Call[];
    expect(items.map(name)).toEqual(Array(5).fill('proxy.proxy'));
    const inner = items.map((item) => {
      const [real, type, call] = item.args as unknown as [Codec, Codec, Call];
      expect([real.toString(), type.toString(), name(call)]).toEqual([stash, 'Staking', 'staking.setPayee']);
      return call.args[0]!.toJSON();
    });
    // Controller is refused by current runtimes, on which the stash is its own controller.
    expect(inner).toEqual([{ account }, { staked: null }, { stash: null }, { none: null }, { stash: null }]);
  });

  it('maps a destination to the argument polkadot-js encodes', () => {
    expect(rewardDestinationArg({ kind: 'Account', account })).toEqual({ Account: account });
    expect(rewardDestinationArg({ kind: 'Staked' })).toBe('Staked');
    expect(rewardDestinationArg({ kind: 'Controller' })).toBe('Stash');
  });
});

describe('rewardDestination (staking.payee decoded)', () => {
  /** A `staking.payee` value as the runtime stores it (an Option where the storage is optional). */
  const stored = (rt: OfflineRuntime, value: unknown): Codec => {
    const entry = (rt.decorated.query as unknown as Record<string, Record<string, { meta: never }>>).staking!.payee!
      .meta as { type: never; modifier: { isOptional: boolean } };
    return rt.registry.createType(
      unwrapStorageType(rt.registry, entry.type, entry.modifier.isOptional) as string,
      value,
    );
  };

  it.each([
    ['Asset Hub', ah],
    ['the relay', relayKusamaRuntime()],
  ])('decodes every variant on %s, and an absent entry as null', (_label, rt) => {
    expect(rewardDestination(stored(rt, { Account: account }), 2)).toEqual({ kind: 'Account', account });
    for (const kind of ['Staked', 'Stash', 'Controller', 'None'] as const)
      expect(rewardDestination(stored(rt, kind), 2)).toEqual({ kind });
    expect(rewardDestination(stored(rt, null), 2)).toBeNull();
  });

  it('decodes the bare enum of runtimes whose payee storage is not optional', () => {
    const rt = relayKusamaRuntime();
    const value = rt.registry.createType('PalletStakingRewardDestination', { Account: account });
    expect(rewardDestination(value, 2)).toEqual({ kind: 'Account', account });
    expect(rewardDestination(rt.registry.createType('PalletStakingRewardDestination', 'Staked'), 2)).toEqual({
      kind: 'Staked',
    });
  });
});
