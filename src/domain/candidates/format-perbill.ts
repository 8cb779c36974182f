import { PERBILL, type Perbill } from '../shared/types.js';

const PARTS_PER_PERCENT = PERBILL / 100;

/** `150_000_000` → `"15%"`, `123_456_789` → `"12.3456789%"`: exact, no float arithmetic. */
export function formatPerbill(value: Perbill): string {
  const whole = Math.floor(value / PARTS_PER_PERCENT);
  const fraction = (value % PARTS_PER_PERCENT).toString().padStart(7, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}%` : `${whole}.${fraction}%`;
}
