/** Amounts are planck as decimal strings (exact); shown as whole tokens with the planck underneath. */

/** `planck` in whole tokens, exact: trailing zeros trimmed, thousands grouped. */
export function formatUnits(planck: string | bigint, decimals: number): string {
  const value = typeof planck === 'bigint' ? planck : BigInt(planck);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = (abs / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = decimals > 0 ? (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Whole tokens typed by a person ("1.5") in planck; null when it is not a non-negative amount with at most `decimals` decimals. */
export function parseUnits(text: string, decimals: number): bigint | null {
  const t = text.trim().replace(/[,_\s]/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > decimals) return null;
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/** A planck figure with thousands grouped. */
export const formatPlanck = (planck: string | bigint) => planck.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `5Grw…utQY`: the start and the end of an address. */
export const shortAddress = (address: string) =>
  address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-6)}` : address;

/** Unix seconds, or an ISO text, as a local date and time. */
export function formatTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === 0 || value === '0') return '—';
  const date = typeof value === 'number' || /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

/** A decimal share ("0.25") as a percentage ("25%"). */
export function formatShare(decimal: string): string {
  const n = Number(decimal);
  return Number.isFinite(n) ? `${+(n * 100).toFixed(4)}%` : decimal;
}
