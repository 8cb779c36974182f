import { describe, expect, it } from 'vitest';
import { dispatchErrorName } from '../../../src/chain/extrinsic-events.js';
import { assetHubRuntime } from '../../support/chain-metadata.js';

describe('dispatchErrorName against Kusama Asset Hub metadata', () => {
  const ah = assetHubRuntime();
  const moduleError = (section: string, name: string) => {
    const { index } = ah.decorated.errors[section]![name]!.meta;
    const pallet = ah.metadata.asLatest.pallets.find((p) => p.name.toString().toLowerCase() === section)!;
    const error = new Uint8Array(4);
    error[0] = index.toNumber();
    return ah.registry.createType('SpRuntimeDispatchError', { Module: { index: pallet.index.toNumber(), error } });
  };

  it('names module errors `section.Name`', () => {
    expect(dispatchErrorName(ah.registry, moduleError('staking', 'NotController'))).toBe('staking.NotController');
    expect(dispatchErrorName(ah.registry, moduleError('proxy', 'NotProxy'))).toBe('proxy.NotProxy');
  });

  it('names the other dispatch errors by variant', () => {
    expect(dispatchErrorName(ah.registry, ah.registry.createType('SpRuntimeDispatchError', 'BadOrigin'))).toBe(
      'BadOrigin',
    );
    expect(
      dispatchErrorName(ah.registry, ah.registry.createType('SpRuntimeDispatchError', { Token: 'FundsUnavailable' })),
    ).toBe('Token.FundsUnavailable');
  });
});
