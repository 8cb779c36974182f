import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { eventFields, pick, type EventLike } from '../../../src/chain/event-fields.js';
import { assetHubRuntime } from '../../support/chain-metadata.js';
import { offlineEvent } from './offline-events.js';

const ah = assetHubRuntime();
const stash = encodeAddress(new Uint8Array(32).fill(4), 2);

/** An event as an older runtime decodes it: fields without names in its metadata. */
function unnamed(section: string, method: string, values: Codec[]): EventLike {
  return { section, method, data: Object.assign([...values], { names: null }) };
}

describe('eventFields: field layout from the event metadata', () => {
  it('reads staking.Rewarded {stash, dest, amount} of staking-async by name', () => {
    const event = offlineEvent(ah, 'staking', 'Rewarded', [stash, 'Staked', 1_234n]);
    const fields = eventFields(event);
    expect([...fields.keys()]).toEqual(['stash', 'dest', 'amount']);
    expect(fields.get('stash')!.toString()).toBe(stash);
    expect(pick(fields, 'amount')!.toString()).toBe('1234');
  });

  it('reads PayoutStarted with its page fields and proxy events with delegatee', () => {
    const payout = eventFields(offlineEvent(ah, 'staking', 'PayoutStarted', [12, stash, 1, null]));
    expect([...payout.keys()]).toEqual(['eraIndex', 'validatorStash', 'page', 'next']);
    const added = eventFields(offlineEvent(ah, 'proxy', 'ProxyAdded', [stash, stash, 'Staking', 0]));
    expect([...added.keys()]).toEqual(['delegator', 'delegatee', 'proxyType', 'delay']);
  });

  it('falls back to the known positional layouts when the metadata names no fields', () => {
    const account = ah.registry.createType('AccountId', stash);
    const amount = ah.registry.createType('u128', 99);
    const old = eventFields(unnamed('staking', 'Rewarded', [account, amount]));
    expect(old.get('stash')).toBe(account);
    expect(old.get('amount')).toBe(amount);
    expect(old.has('dest')).toBe(false);
    const newer = eventFields(unnamed('staking', 'Rewarded', [account, ah.registry.createType('u8', 0), amount]));
    expect(newer.get('amount')).toBe(amount);
  });

  it('names nothing for an unknown unnamed layout, so nothing is misread', () => {
    const account = ah.registry.createType('AccountId', stash);
    expect(eventFields(unnamed('staking', 'Rewarded', [account])).size).toBe(0);
    expect(pick(eventFields(unnamed('staking', 'Unknown', [account])), 'stash')).toBeNull();
  });
});
