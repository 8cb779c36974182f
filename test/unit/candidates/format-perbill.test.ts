import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPerbill } from '../../../src/domain/candidates/format-perbill.js';
import { PERBILL } from '../../../src/domain/shared/types.js';

describe('formatPerbill', () => {
  it.each([
    [0, '0%'],
    [1, '0.0000001%'],
    [50_000_000, '5%'],
    [150_000_000, '15%'],
    [123_456_789, '12.3456789%'],
    [105_000_000, '10.5%'],
    [PERBILL, '100%'],
  ])('%d → %s', (value, text) => {
    expect(formatPerbill(value)).toBe(text);
  });

  it('is exact: the text reads back to the same number of parts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PERBILL }), (value) => {
        const [whole, fraction = ''] = formatPerbill(value).slice(0, -1).split('.');
        expect(Number(whole) * 10_000_000 + Number(fraction.padEnd(7, '0'))).toBe(value);
      }),
    );
  });
});
