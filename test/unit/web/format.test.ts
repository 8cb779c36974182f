import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPlanck, formatShare, formatUnits, parseUnits } from '../../../web/src/lib/format.js';

describe('amounts in the web app', () => {
  it('shows planck as whole tokens exactly', () => {
    expect(formatUnits('1000000000000', 12)).toBe('1');
    expect(formatUnits('1500000000000', 12)).toBe('1.5');
    expect(formatUnits('1', 12)).toBe('0.000000000001');
    expect(formatUnits('123456789012345678', 12)).toBe('123,456.789012345678');
    expect(formatUnits(0n, 12)).toBe('0');
    expect(formatUnits('-2500000000000', 12)).toBe('-2.5');
    expect(formatUnits('42', 0)).toBe('42');
    expect(formatPlanck('1234567')).toBe('1,234,567');
  });

  it('reads what a person types, refusing what is not an amount', () => {
    expect(parseUnits('1.5', 12)).toBe(1_500_000_000_000n);
    expect(parseUnits(' 2 ', 12)).toBe(2_000_000_000_000n);
    expect(parseUnits('1,000', 12)).toBe(1_000_000_000_000_000n);
    expect(parseUnits('0.000000000001', 12)).toBe(1n);
    expect(parseUnits('0.0000000000001', 12)).toBeNull();
    expect(parseUnits('-1', 12)).toBeNull();
    expect(parseUnits('1e3', 12)).toBeNull();
    expect(parseUnits('', 12)).toBeNull();
    expect(parseUnits('abc', 12)).toBeNull();
  });

  it('round-trips every amount: what is shown reads back to the same planck', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.integer({ min: 0, max: 18 }), (planck, decimals) => {
        expect(parseUnits(formatUnits(planck, decimals), decimals)).toBe(planck);
      }),
    );
  });

  it('shows shares as percentages', () => {
    expect(formatShare('0.25')).toBe('25%');
    expect(formatShare('1')).toBe('100%');
  });
});
