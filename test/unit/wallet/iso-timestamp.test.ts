import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from '../../../src/domain/wallet/iso-timestamp.js';

describe('parseIsoTimestamp', () => {
  it.each([
    ['2025-01-31T12:00:00Z', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T12:00:00.5Z', '2025-01-31T12:00:00.500Z'],
    ['2025-01-31T12:00:00.123456789Z', '2025-01-31T12:00:00.123Z'],
    ['2025-01-31T14:30:00+02:30', '2025-01-31T12:00:00.000Z'],
    ['2025-01-31T09:00:00-03:00', '2025-01-31T12:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseIsoTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-29T00:00:00Z', // not a leap year
    '2024-02-30T00:00:00Z', // Date.parse rolls this over to March
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T00:00:00', // no offset: local time is ambiguous
    '2024-01-01T00:00Z', // no seconds
    '2024-01-01 00:00:00Z',
    '2024-01-01T00:00:00+24:00',
    '2024-01-01T00:00:00.Z',
    '2024-01-01T00:00:00.1234567890Z',
    '1735689600000',
    'Tue, 31 Dec 2024 00:00:00 GMT',
    ' 2024-01-01T00:00:00Z',
    '',
  ])('rejects %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeNull();
  });

  it("reads back every instant's toISOString()", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (date) => {
          expect(parseIsoTimestamp(date.toISOString())?.getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});
