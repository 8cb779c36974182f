import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import {
  FIXED_ONE,
  U128_MAX,
  compareFixed,
  divFloor,
  floorDiv,
  floorToInt,
  formatDecimal,
  mulFloor,
  parseDecimal,
  parseDecimalText,
  parsePlanck,
} from '../../../src/domain/shared/fixed-point.js';

const weight = (text: unknown, extra: Partial<Parameters<typeof parseDecimal>[1]> = {}) =>
  parseDecimal(text, { field: 'payload.beneficiaries.accounts[0].weight', code: 'WEIGHT_INVALID', ...extra });

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

/** Any Fixed with up to 30 integer digits, any sign. */
const anyFixed = fc.bigInt({ min: -(10n ** 48n), max: 10n ** 48n });

describe('parseDecimal', () => {
  it('reads the spellings DESIGN §8 uses, exactly', () => {
    expect(weight('0.51')).toBe(510_000_000_000_000_000n);
    expect(weight('2')).toBe(2n * FIXED_ONE);
    expect(weight('11.574074074074074074')).toBe(11_574_074_074_074_074_074n);
    expect(weight('0.000000000000000001')).toBe(1n);
    expect(weight('1.50')).toBe(1_500_000_000_000_000_000n);
  });

  it('refuses every malformed spelling with the caller code and the field', () => {
    const malformed = ['', '01', '00', '1.', '.5', '1e3', '1E3', '+1', ' 1', '1 ', '1,5', '0x10', '1.2.3', 'NaN', '٣'];
    for (const text of [...malformed, '1.0000000000000000001', '1'.repeat(61)]) {
      const error = refusal(() => weight(text));
      expect(error.kind).toBe('validation');
      expect(error.code).toBe('WEIGHT_INVALID');
      expect(error.details).toEqual({ field: 'payload.beneficiaries.accounts[0].weight' });
    }
    for (const value of [2, null, undefined, {}, 2n]) expect(refusal(() => weight(value)).code).toBe('WEIGHT_INVALID');
  });

  it('refuses zero unless allowed, a sign unless allowed, and values outside [min, max]', () => {
    expect(refusal(() => weight('0')).message).toMatch(/greater than 0/);
    expect(weight('0', { allowZero: true })).toBe(0n);
    expect(refusal(() => weight('-1')).message).toMatch(/negative/);
    expect(refusal(() => weight('-0')).code).toBe('WEIGHT_INVALID');
    expect(weight('-1.5', { allowNegative: true })).toBe(-1_500_000_000_000_000_000n);
    const quorum = { code: 'QUORUM_INVALID', field: 'payload.voteQuorum', max: FIXED_ONE };
    expect(parseDecimal('1', quorum)).toBe(FIXED_ONE);
    expect(refusal(() => parseDecimal('1.000000000000000001', quorum)).code).toBe('QUORUM_INVALID');
    expect(refusal(() => weight('0.5', { min: FIXED_ONE })).message).toMatch(/at least 1/);
  });

  it('reads back what formatDecimal writes, and writes it in one canonical spelling', () => {
    fc.assert(
      fc.property(anyFixed, (value) => {
        const text = formatDecimal(value);
        expect(parseDecimal(text, { field: 'f', code: 'C', allowNegative: true, allowZero: true })).toBe(value);
        expect(text).toMatch(/^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/);
      }),
    );
  });

  it('ignores trailing zeros: "x" and "x0…" are the same value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: 0, max: 17 }), (value, zeros) => {
        const text = formatDecimal(value);
        if (text.includes('.') && text.split('.')[1]!.length + zeros > 18) return;
        const padded = text.includes('.') ? text + '0'.repeat(zeros) : `${text}.${'0'.repeat(zeros + 1)}`;
        expect(weight(padded)).toBe(value);
      }),
    );
  });

  it('parseDecimalText answers null instead of throwing, for callers with their own message', () => {
    expect(parseDecimalText('0.51')).toBe(510_000_000_000_000_000n);
    expect(parseDecimalText('0')).toBe(0n);
    expect(parseDecimalText('-1')).toBeNull();
    expect(parseDecimalText('-1', true)).toBe(-FIXED_ONE);
    expect(parseDecimalText('1e3')).toBeNull();
  });
});

describe('formatDecimal', () => {
  it('writes no trailing zeros, and "0" for zero', () => {
    expect(formatDecimal(0n)).toBe('0');
    expect(formatDecimal(FIXED_ONE)).toBe('1');
    expect(formatDecimal(1_500_000_000_000_000_000n)).toBe('1.5');
    expect(formatDecimal(1n)).toBe('0.000000000000000001');
    expect(formatDecimal(-510_000_000_000_000_000n)).toBe('-0.51');
  });
});

describe('floor arithmetic', () => {
  it('floorDiv rounds down for every sign, unlike bigint /', () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, -2n)).toBe(-4n);
    expect(floorDiv(-7n, -2n)).toBe(3n);
    expect(floorDiv(-6n, 2n)).toBe(-3n);
    expect(() => floorDiv(1n, 0n)).toThrow(RangeError);
  });

  it('mulFloor and divFloor give the largest Fixed not above the exact value', () => {
    fc.assert(
      fc.property(anyFixed, anyFixed, (a, b) => {
        const product = mulFloor(a, b);
        // product ≤ a·b/10^18 < product + 10^-18, in integers.
        expect(product * FIXED_ONE <= a * b).toBe(true);
        expect((product + 1n) * FIXED_ONE > a * b).toBe(true);
        if (b === 0n) return;
        const quotient = divFloor(a, b);
        const exact = a * FIXED_ONE;
        // quotient ≤ exact / b < quotient + 1; multiplying by a negative b turns both inequalities.
        if (b > 0n) expect(quotient * b <= exact && exact < (quotient + 1n) * b).toBe(true);
        else expect((quotient + 1n) * b < exact && exact <= quotient * b).toBe(true);
      }),
    );
  });

  it('has concrete values', () => {
    expect(mulFloor(1_500_000_000_000_000_000n, 2n * FIXED_ONE)).toBe(3n * FIXED_ONE);
    expect(divFloor(FIXED_ONE, 3n * FIXED_ONE)).toBe(333_333_333_333_333_333n);
    expect(divFloor(-FIXED_ONE, 3n * FIXED_ONE)).toBe(-333_333_333_333_333_334n);
    expect(floorToInt(2_700_000_000_000_000_000n)).toBe(2n);
    expect(floorToInt(-2_700_000_000_000_000_000n)).toBe(-3n);
    expect([compareFixed(1n, 2n), compareFixed(2n, 2n), compareFixed(3n, 2n)]).toEqual([-1, 0, 1]);
  });
});

describe('parsePlanck', () => {
  const amount = (text: unknown) => parsePlanck(text, 'payload.payments[0].amount', 'AMOUNT_INVALID');

  it('reads whole planck up to the largest u128', () => {
    expect(amount('0')).toBe(0n);
    expect(amount('1000')).toBe(1000n);
    expect(amount(U128_MAX.toString())).toBe(U128_MAX);
    expect(U128_MAX.toString()).toBe('340282366920938463463374607431768211455');
  });

  it('refuses negative, fractional, padded, exponent, oversized and non-string amounts with the code', () => {
    const bad = [
      '-1',
      '1.5',
      '1.0',
      '01',
      '1e3',
      '',
      ' 1',
      '+1',
      (U128_MAX + 1n).toString(),
      '9'.repeat(41),
      1000,
      null,
    ];
    for (const text of bad) {
      const error = refusal(() => amount(text));
      expect(error.code).toBe('AMOUNT_INVALID');
      expect(error.details).toEqual({ field: 'payload.payments[0].amount' });
    }
  });

  it('reads back any u128 it is given as a decimal string', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U128_MAX }), (v) => {
        expect(amount(v.toString())).toBe(v);
      }),
    );
  });
});
