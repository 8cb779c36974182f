import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnits } from '../../../src/chain/setup-builder.js';

describe('formatUnits', () => {
  it.each([
    [0n, '0'],
    [1n, '0.000000000001'],
    [1_000_000_000_000n, '1'],
    [12_500_000_000_000n, '12.5'],
    [3_333_333n, '0.000003333333'],
  ])('%s planck → %s KSM', (planck, text) => {
    expect(formatUnits(planck, 12)).toBe(text);
  });

  it('is exact: parsing the text back gives the same planck', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), (planck) => {
        const [whole, fraction = ''] = formatUnits(planck, 12).split('.');
        expect(BigInt(whole!) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'))).toBe(planck);
      }),
    );
  });
});
