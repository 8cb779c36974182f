import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { donateFields } from '../../../web/src/pages/collectives/donate-rules.js';
import {
  bondsValue,
  creatorMinimumPlanck,
  meetsCreatorMinimum,
  nameError,
  parseAddressList,
  parseBondRows,
  poolSharesErrors,
  shareError,
} from '../../../web/src/pages/collectives/rules.js';
import { emptyDraft, settingsFields } from '../../../web/src/pages/collectives/settings-draft.js';
import type { Token } from '../../../web/src/pages/collectives/types.js';

const KSM: Token = { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true };
const ASSET: Token = { denom: 'USDX', kind: 'asset', assetId: 7, decimals: 6, rate: '1', staking: false };
const K = 10n ** 12n;

let alice: string;
let polkadotAlice: string;
beforeAll(async () => {
  await cryptoWaitReady();
  const pair = new Keyring({ type: 'sr25519', ss58Format: 2 }).addFromUri('//Alice');
  alice = pair.address;
  polkadotAlice = new Keyring({ type: 'sr25519', ss58Format: 0 }).addFromUri('//Alice').address;
});

describe('collective names', () => {
  it('follow the API pattern', () => {
    expect(nameError('commons')).toBeNull();
    expect(nameError('a_b-3')).toBeNull();
    expect(nameError('ab')).toMatch(/3 to 32/);
    expect(nameError('3abc')).toMatch(/starts with a letter/);
    expect(nameError('has space')).not.toBeNull();
    expect(nameError('a'.repeat(33))).not.toBeNull();
  });
});

describe('pool shares', () => {
  it('add up exactly, without floats', () => {
    const rows = [
      { name: 'a', share: '0.1' },
      { name: 'b', share: '0.2' },
      { name: 'c', share: '0.7' },
    ];
    expect(poolSharesErrors(rows, 10).total).toBeNull();
    // 0.1 + 0.2 in floats is 0.30000000000000004: here it is exactly 0.3.
    const r = poolSharesErrors(
      [
        { name: 'a', share: '0.1' },
        { name: 'b', share: '0.2' },
      ],
      10,
    );
    expect(r.total).toBe('The shares must add up to exactly 1; they add up to 0.3.');
  });

  it('refuse 18+ decimals off by one, duplicates, too many pools and malformed shares', () => {
    expect(
      poolSharesErrors(
        [
          { name: 'a', share: '0.333333333333333333' },
          { name: 'b', share: '0.666666666666666666' },
        ],
        10,
      ).total,
    ).toMatch(/0\.999999999999999999/);
    expect(
      poolSharesErrors(
        [
          { name: 'a', share: '0.5' },
          { name: 'a', share: '0.5' },
        ],
        10,
      ).total,
    ).toMatch(/once/);
    expect(
      poolSharesErrors(
        [
          { name: 'a', share: '1' },
          { name: 'b', share: '0' },
        ],
        1,
      ).total,
    ).toMatch(/At most 1/);
    expect(poolSharesErrors([{ name: 'a', share: '.5' }], 10).rows[0]).toMatch(/decimal/);
    expect(poolSharesErrors([{ name: 'a', share: '1.0000000000000000001' }], 10).rows[0]).not.toBeNull();
    expect(poolSharesErrors([], 10).total).toMatch(/at least one/);
  });

  it('share fields accept 0 only where allowed', () => {
    expect(shareError('0', 'donation', true)).toBeNull();
    expect(shareError('0', 'quorum')).not.toBeNull();
    expect(shareError('1', 'quorum')).toBeNull();
    expect(shareError('1.5', 'quorum')).not.toBeNull();
  });
});

describe('bonds', () => {
  it('convert whole tokens to planck exactly and refuse what the API refuses', () => {
    const ok = parseBondRows([{ denom: 'KSM', amount: '20.000000000001' }], [KSM]);
    expect(ok.bonds).toEqual([{ denom: 'KSM', amount: '20000000000001' }]);
    expect(parseBondRows([{ denom: 'KSM', amount: '0.0000000000001' }], [KSM]).rows[0]).toMatch(/12 decimals/);
    expect(parseBondRows([{ denom: 'KSM', amount: '0' }], [KSM]).rows[0]).toMatch(/more than 0/);
    expect(parseBondRows([{ denom: 'USDX', amount: '5' }], [KSM, ASSET]).rows[0]).toMatch(/not a staking token/);
    expect(
      parseBondRows(
        [
          { denom: 'KSM', amount: '1' },
          { denom: 'KSM', amount: '2' },
        ],
        [KSM],
      ).total,
    ).toMatch(/once/);
  });

  it('value bonds as the API does, and find the creator minimum exactly', () => {
    expect(bondsValue([{ denom: 'KSM', amount: (15n * K).toString() }], [KSM])).toBe(15n * 10n ** 18n);
    // minCollectiveBond 150 at rate 1: the creator commits at least 15 KSM.
    expect(creatorMinimumPlanck(KSM, '150')).toBe(15n * K);
    expect(meetsCreatorMinimum([{ denom: 'KSM', amount: (15n * K).toString() }], [KSM], '150')).toBe(true);
    expect(meetsCreatorMinimum([{ denom: 'KSM', amount: (15n * K - 1n).toString() }], [KSM], '150')).toBe(false);
    // A rate of 2.5 base units per KSM and a minimum of 100: 10 base units, 4 KSM.
    const dear = { ...KSM, rate: '2.5' };
    expect(creatorMinimumPlanck(dear, '100')).toBe(4n * K);
    expect(meetsCreatorMinimum([{ denom: 'KSM', amount: (4n * K).toString() }], [dear], '100')).toBe(true);
    expect(meetsCreatorMinimum([{ denom: 'KSM', amount: (4n * K - 1n).toString() }], [dear], '100')).toBe(false);
    // An odd minimum rounds up to the planck: the next planck down does not meet it.
    const odd = creatorMinimumPlanck({ ...KSM, rate: '3' }, '1')!;
    expect(meetsCreatorMinimum([{ denom: 'KSM', amount: odd.toString() }], [{ ...KSM, rate: '3' }], '1')).toBe(true);
    expect(meetsCreatorMinimum([{ denom: 'KSM', amount: (odd - 1n).toString() }], [{ ...KSM, rate: '3' }], '1')).toBe(
      false,
    );
    expect(creatorMinimumPlanck({ ...KSM, rate: '0' }, '150')).toBeNull();
  });
});

describe('addresses', () => {
  it('are Kusama addresses, each once', () => {
    expect(parseAddressList(`${alice}\n`, 2)).toEqual({ addresses: [alice], error: null });
    expect(parseAddressList(`${alice}, ${alice}`, 2).error).toMatch(/twice/);
    expect(parseAddressList(polkadotAlice, 2).error).toMatch(/not an address of this network/);
    expect(parseAddressList('', 2)).toEqual({ addresses: [], error: null });
  });
});

describe('settings', () => {
  const ctx = { ss58Prefix: 2, maxOutputs: 10, minClaimPeriod: 3_600, now: 1_000_000 };

  it('default as the API does and make the create fields', () => {
    const draft = { ...emptyDraft(3_600), pools: [{ name: 'grants', share: '1' }] };
    const { fields, errors } = settingsFields(draft, ctx);
    expect(errors).toEqual({});
    expect(fields).toMatchObject({
      spendingPools: [{ name: 'grants', share: '1' }],
      claimPeriod: 86_400,
      claimEnd: 0,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
    });
    expect(fields).not.toHaveProperty('claimStart');
  });

  it('refuse a claim period under the network minimum and an update touches only what it changes', () => {
    const draft = { ...emptyDraft(0), pools: [{ name: 'grants', share: '1' }], claimPeriod: '60' };
    expect(settingsFields(draft, ctx).errors.claimPeriod).toMatch(/at least 3600/i);
    const only = settingsFields({ ...draft, voteQuorum: '0.60' }, ctx, new Set(['voteQuorum']));
    expect(only.fields).toEqual({ voteQuorum: '0.6' });
  });
});

describe('lock and donate', () => {
  // A whole minute: the date field has minutes, not seconds.
  const now = 1_000_020;
  const at = (s: number) => {
    const d = new Date(s * 1000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  };
  const none = { locking: 0, donation: '0', donationLock: false };

  it('turn the date into unix seconds and keep the donation a decimal string', () => {
    const r = donateFields({ locking: at(now + 3_600), donation: '0.10', donationLock: true }, none, now);
    expect(r.fields).toEqual({ locking: now + 3_600, donation: '0.1', donationLock: true });
    expect(donateFields({ locking: '', donation: '0', donationLock: false }, none, now).fields?.locking).toBe(0);
  });

  it('refuse what the service refuses, in words', () => {
    expect(
      donateFields({ locking: at(now + 400 * 86_400), donation: '0', donationLock: false }, none, now).errors.locking,
    ).toMatch(/365 days/);
    const locked = { locking: now + 7_200, donation: '0.2', donationLock: true };
    expect(
      donateFields({ locking: at(now + 3_600), donation: '0.2', donationLock: true }, locked, now).errors.locking,
    ).toMatch(/never shortened/);
    expect(
      donateFields({ locking: at(now + 7_200), donation: '0.3', donationLock: true }, locked, now).errors.donation,
    ).toMatch(/locked at 0.2/);
    expect(donateFields({ locking: '', donation: '1.5', donationLock: false }, none, now).errors.donation).toMatch(
      /up to 1/,
    );
  });
});
