import { describe, expect, it } from 'vitest';
import { csvField } from '../../../src/api/presenters/rewards.presenter.js';

describe('a CSV cell', () => {
  it.each(['=HYPERLINK("x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'that a spreadsheet would run as a formula is neutralised: %j',
    (value) => {
      const cell = csvField(value);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  it('keeps plain values as they are, quoting only what CSV needs', () => {
    expect(csvField('HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F')).toBe(
      'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F',
    );
    expect(csvField('0.000567037025')).toBe('0.000567037025');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});
