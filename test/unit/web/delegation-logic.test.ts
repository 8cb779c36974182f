import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBondAmount } from '../../../web/src/pages/join/bond-amount.js';
import { failAt, NOT_STARTED, startAt, stepStates } from '../../../web/src/pages/join/join-steps.js';
import { operatorProxies, unusableOperatorProxies } from '../../../web/src/pages/join/operator-proxy.js';
import { addressKey, sameAccount } from '../../../web/src/pages/staking/address-key.js';
import type { DelegationSelection } from '../../../web/src/pages/staking/delegation-api.js';
import { approxUnits, rewardsPerEra, totalOf } from '../../../web/src/pages/staking/rewards-by-era.js';
import { nominationRows, whyChosen } from '../../../web/src/pages/staking/why-chosen.js';

let A: { kusama: string; generic: string };
let B: { kusama: string; generic: string };
let C: { kusama: string; generic: string };
beforeAll(async () => {
  await cryptoWaitReady();
  const kusama = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const generic = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const both = (uri: string) => ({ kusama: kusama.addFromUri(uri).address, generic: generic.addFromUri(uri).address });
  A = both('//Alice');
  B = both('//Bob');
  C = both('//Charlie');
});

describe('rewardsPerEra', () => {
  it('adds the rewards of each era exactly, eras ascending, unknown era last', () => {
    const big = '123456789012345678901234567890';
    const rows = rewardsPerEra([
      { era: 12, amount: '5' },
      { era: null, amount: '7' },
      { era: 10, amount: big },
      { era: 12, amount: '1' },
      { era: 10, amount: '1' },
    ]);
    expect(rows).toEqual([
      { era: 10, amount: BigInt(big) + 1n, payouts: 2 },
      { era: 12, amount: 6n, payouts: 2 },
      { era: null, amount: 7n, payouts: 1 },
    ]);
    expect(totalOf(rows)).toBe(BigInt(big) + 14n);
  });

  it('is empty for no rewards', () => {
    expect(rewardsPerEra([])).toEqual([]);
    expect(totalOf([])).toBe(0n);
  });

  it('gives a float of whole tokens for the chart only', () => {
    expect(approxUnits(1_500_000_000_000n, 12)).toBeCloseTo(1.5);
    expect(approxUnits(0n, 12)).toBe(0);
  });
});

describe('checkBondAmount', () => {
  const rules = { decimals: 12, symbol: 'KSM', minimum: 3_333_333n, free: 100n * 10n ** 12n };
  it('turns whole tokens into planck', () => {
    expect(checkBondAmount('12.5', rules)).toEqual({ planck: 12_500_000_000_000n, error: null });
    expect(checkBondAmount(' 1,000 ', { ...rules, free: null })).toEqual({ planck: 10n ** 15n, error: null });
  });
  it('refuses what the API refuses, in words', () => {
    expect(checkBondAmount('', rules).error).toMatch(/how much KSM/);
    expect(checkBondAmount('abc', rules).error).toMatch(/at most 12 digits/);
    expect(checkBondAmount('0.0000000000001', rules).error).toMatch(/at most 12 digits/);
    expect(checkBondAmount('0', rules).error).toMatch(/more than 0/);
    expect(checkBondAmount('0.000001', rules).error).toBe('Bond at least 0.000003333333 KSM: the chain refuses less.');
    expect(checkBondAmount('101', rules).error).toMatch(/only 100 KSM free/);
  });
});

describe('the steps of joining', () => {
  it('marks the steps before the current one done and the later ones to do', () => {
    expect(stepStates(NOT_STARTED)).toEqual({ 'opt-in': 'todo', setup: 'todo', watch: 'todo', active: 'todo' });
    expect(stepStates(startAt('setup'))).toEqual({ 'opt-in': 'done', setup: 'doing', watch: 'todo', active: 'todo' });
    expect(stepStates(startAt('active'))).toEqual({ 'opt-in': 'done', setup: 'done', watch: 'done', active: 'done' });
  });
  it('marks the failed step', () => {
    expect(stepStates(failAt(startAt('setup'), 'refused'))).toEqual({
      'opt-in': 'done',
      setup: 'failed',
      watch: 'todo',
      active: 'todo',
    });
    expect(failAt(startAt('opt-in')).failed).toBe(true);
  });
});

describe('accounts in any SS58 format', () => {
  it('are the same account', () => {
    expect(sameAccount(A.kusama, A.generic)).toBe(true);
    expect(sameAccount(A.kusama, B.kusama)).toBe(false);
    expect(addressKey('not an address')).toBe('not an address');
  });
});

describe("the operator's proxies", () => {
  it('are usable to nominate when Staking or Any with no delay', () => {
    const proxies = [
      { delegate: A.generic, proxyType: 'Staking', delay: 0 },
      { delegate: A.generic, proxyType: 'Governance', delay: 0 },
      { delegate: A.generic, proxyType: 'Any', delay: 10 },
      { delegate: B.generic, proxyType: 'Staking', delay: 0 },
    ];
    expect(operatorProxies(proxies, A.kusama)).toEqual([proxies[0]]);
    expect(unusableOperatorProxies(proxies, A.kusama)).toEqual([proxies[1], proxies[2]]);
    expect(operatorProxies(proxies, null)).toEqual([]);
  });
});

describe('why a validator was chosen', () => {
  const selection = (roundId: string, targets: string[], keptTargets: string[] = []): DelegationSelection => ({
    roundId,
    reason: keptTargets.length ? 'target_invalid' : 'new',
    targets,
    keptTargets,
    status: 'succeeded',
    error: null,
    extrinsicHash: null,
    block: null,
  });
  it('is the newest round that drew it, not one that only kept it', () => {
    const selections = [selection('3', [A.kusama, C.kusama], [A.kusama]), selection('2', [A.kusama, B.kusama])];
    expect(whyChosen(A.generic, selections)?.roundId).toBe('2');
    expect(whyChosen(C.kusama, selections)?.roundId).toBe('3');
  });
  it('falls back to the newest round that lists it, else none', () => {
    expect(whyChosen(A.kusama, [selection('5', [A.kusama], [A.kusama])])?.roundId).toBe('5');
    expect(whyChosen(B.kusama, [selection('5', [A.kusama])])).toBeNull();
  });
  it("lists NDeST's targets first, then the chain's others, once each", () => {
    expect(nominationRows([B.generic, C.generic], [A.kusama, B.kusama])).toEqual([
      { address: A.kusama, onChain: false, byNdest: true },
      { address: B.kusama, onChain: true, byNdest: true },
      { address: C.generic, onChain: true, byNdest: false },
    ]);
    expect(nominationRows(null, [])).toEqual([]);
  });
});
