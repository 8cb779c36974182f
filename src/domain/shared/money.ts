import type { Planck } from './types.js';

/** `planck` as a decimal string of whole units (e.g. KSM), exact, without trailing zeros. */
export function formatUnits(planck: Planck, decimals: number): string {
  const negative = planck < 0n;
  const abs = negative ? -planck : planck;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
