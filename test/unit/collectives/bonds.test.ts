import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBonds,
  bondedValue,
  committedValue,
  parseBonds,
  subtractBonds,
  totalBonds,
} from '../../../src/domain/collectives/bonds.js';
import type { CollectiveToken } from '../../../src/domain/collectives/collective-deps.js';
import type { Bond, Contributor } from '../../../src/domain/collectives/types.js';
import { DomainError } from '../../../src/domain/errors.js';
import { FIXED_ONE } from '../../../src/domain/shared/fixed-point.js';

const tokens = new Map<string, CollectiveToken>([
  ['KSM', { kind: 'native', assetId: null, decimals: 12, rate: '10', staking: true }],
  ['USDT', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1', staking: false }],
  ['ODD', { kind: 'native', assetId: null, decimals: 3, rate: '0.333', staking: true }],
]);
const KSM = 10n ** 12n;

const failure = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof DomainError ? `${e.kind} ${e.code} ${String(e.details?.field ?? '')}` : String(e);
  }
};

const contributor = (bonds: Bond[], status: Contributor['status'] = 'counting'): Contributor => ({
  id: '1',
  address: 'alice',
  locking: 0,
  donation: '0',
  donationLock: false,
  status,
  endedReason: null,
  endedAt: null,
  joinedAt: new Date(0),
  previousPayee: null,
  bonds,
});

describe('parseBonds', () => {
  it('reads {denom, amount} in staking tokens', () => {
    expect(
      parseBonds(
        [
          { denom: 'KSM', amount: '1000' },
          { denom: 'ODD', amount: '1' },
        ],
        tokens,
        '/payload/bonds',
      ),
    ).toEqual([
      { denom: 'KSM', amount: 1000n },
      { denom: 'ODD', amount: 1n },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['no list', undefined, 'validation BONDS_INVALID /payload/bonds'],
    ['an empty list', [], 'validation BONDS_INVALID /payload/bonds'],
    ['an object', { KSM: '1' }, 'validation BONDS_INVALID /payload/bonds'],
    ['an entry without a denom', [{ amount: '1' }], 'validation BONDS_INVALID /payload/bonds/0'],
    ['a token not in the registry', [{ denom: 'DOT', amount: '1' }], 'rule TOKEN_UNKNOWN /payload/bonds/0/denom'],
    ['an asset', [{ denom: 'USDT', amount: '1' }], 'rule TOKEN_NOT_STAKING /payload/bonds/0/denom'],
    ['a zero amount', [{ denom: 'KSM', amount: '0' }], 'validation AMOUNT_INVALID /payload/bonds/0/amount'],
    ['a negative amount', [{ denom: 'KSM', amount: '-1' }], 'validation AMOUNT_INVALID /payload/bonds/0/amount'],
    ['a fractional amount', [{ denom: 'KSM', amount: '1.5' }], 'validation AMOUNT_INVALID /payload/bonds/0/amount'],
    ['an amount as a number', [{ denom: 'KSM', amount: 1 }], 'validation AMOUNT_INVALID /payload/bonds/0/amount'],
    [
      'an amount above u128',
      [{ denom: 'KSM', amount: (1n << 128n).toString() }],
      'validation AMOUNT_INVALID /payload/bonds/0/amount',
    ],
    [
      'the same token twice (refused, not summed)',
      [
        { denom: 'KSM', amount: '1' },
        { denom: 'KSM', amount: '2' },
      ],
      'validation DUPLICATE_ENTRY /payload/bonds',
    ],
    [
      'more than 100 entries',
      Array(101).fill({ denom: 'KSM', amount: '1' }),
      'validation BONDS_INVALID /payload/bonds',
    ],
  ])('refuses %s', (_, input, expected) => {
    expect(failure(() => parseBonds(input, tokens, '/payload/bonds'))).toBe(expected);
  });
});

describe('bondedValue', () => {
  it('is Σ amount / 10^decimals × rate, exactly', () => {
    expect(bondedValue([{ denom: 'KSM', amount: 15n * KSM }], tokens)).toBe(150n * FIXED_ONE);
    expect(bondedValue([{ denom: 'KSM', amount: 1n }], tokens)).toBe(10n * (FIXED_ONE / KSM));
  });

  it('rounds each term down', () => {
    // 1 planck of ODD = 0.001 × 0.333 = 0.000333, exact.
    expect(bondedValue([{ denom: 'ODD', amount: 1n }], tokens)).toBe(333n * 10n ** 12n);
    // 19 planck of a token of 1 decimal at 10^-18 each: 1.9 × 10^-18, below the last digit: 1 × 10^-18.
    const tiny = new Map([
      ['T', { kind: 'native' as const, assetId: null, decimals: 1, rate: '0.000000000000000001', staking: true }],
      ['U', { kind: 'native' as const, assetId: null, decimals: 1, rate: '0.000000000000000001', staking: true }],
    ]);
    expect(bondedValue([{ denom: 'T', amount: 19n }], tiny)).toBe(1n);
    expect(
      bondedValue(
        [
          { denom: 'T', amount: 19n },
          { denom: 'U', amount: 19n },
        ],
        tiny,
      ),
    ).toBe(2n);
  });

  it('counts a delisted or non-staking token as 0', () => {
    expect(bondedValue([{ denom: 'DOT', amount: KSM }], tokens)).toBe(0n);
    expect(bondedValue([{ denom: 'USDT', amount: 10n ** 6n }], tokens)).toBe(0n);
    expect(
      bondedValue([{ denom: 'KSM', amount: KSM }], new Map([['KSM', { ...tokens.get('KSM')!, staking: false }]])),
    ).toBe(0n);
    expect(bondedValue([{ denom: 'KSM', amount: KSM }], new Map([['KSM', { ...tokens.get('KSM')!, rate: '0' }]]))).toBe(
      0n,
    );
  });

  it('committedValue counts only counting contributions', () => {
    const value = committedValue(
      [
        contributor([{ denom: 'KSM', amount: 2n * KSM }]),
        contributor([{ denom: 'KSM', amount: 3n * KSM }]),
        contributor([{ denom: 'KSM', amount: 100n * KSM }], 'released'),
        contributor([{ denom: 'KSM', amount: 100n * KSM }], 'breached'),
      ],
      tokens,
    );
    expect(value).toBe(50n * FIXED_ONE);
  });
});

describe('addBonds and subtractBonds', () => {
  const a: Bond[] = [
    { denom: 'KSM', amount: 10n },
    { denom: 'ODD', amount: 5n },
  ];

  it('adds per token, keeping the order and appending new tokens', () => {
    expect(
      addBonds(a, [
        { denom: 'X', amount: 1n },
        { denom: 'KSM', amount: 2n },
      ]),
    ).toEqual([
      { denom: 'KSM', amount: 12n },
      { denom: 'ODD', amount: 5n },
      { denom: 'X', amount: 1n },
    ]);
    expect(a[0]!.amount).toBe(10n);
  });

  it('subtracts per token, dropping what reaches 0', () => {
    expect(
      subtractBonds(a, [
        { denom: 'ODD', amount: 5n },
        { denom: 'KSM', amount: 4n },
      ]),
    ).toEqual([{ denom: 'KSM', amount: 6n }]);
    expect(subtractBonds(a, a)).toEqual([]);
  });

  it('refuses to take more than is bonded (422 WITHDRAWAL_EXCEEDS_BOND)', () => {
    expect(failure(() => subtractBonds(a, [{ denom: 'KSM', amount: 11n }]))).toBe('rule WITHDRAWAL_EXCEEDS_BOND ');
    expect(failure(() => subtractBonds(a, [{ denom: 'X', amount: 1n }]))).toBe('rule WITHDRAWAL_EXCEEDS_BOND ');
  });

  const bonds = fc.uniqueArray(
    fc.record({ denom: fc.constantFrom('KSM', 'ODD', 'X', 'Y'), amount: fc.bigInt({ min: 1n, max: 10n ** 30n }) }),
    { selector: (b) => b.denom, maxLength: 4 },
  );
  const total = (bs: Bond[], denom: string) => bs.find((b) => b.denom === denom)?.amount ?? 0n;

  it('a + b − b = a, and totals add up per token (property)', () => {
    fc.assert(
      fc.property(bonds, bonds, (x, y) => {
        const sum = addBonds(x, y);
        for (const d of ['KSM', 'ODD', 'X', 'Y']) expect(total(sum, d)).toBe(total(x, d) + total(y, d));
        expect(subtractBonds(sum, y)).toEqual(x);
        expect(totalBonds([contributor(x), contributor(y)])).toEqual(sum);
      }),
    );
  });

  it('the value of a sum is at least the sum of the values, never more than one unit of rounding per token above (property)', () => {
    fc.assert(
      fc.property(bonds, bonds, (x, y) => {
        const apart = bondedValue(x, tokens) + bondedValue(y, tokens);
        const together = bondedValue(addBonds(x, y), tokens);
        expect(together >= apart).toBe(true);
        expect(together - apart <= 2n).toBe(true);
      }),
    );
  });
});
