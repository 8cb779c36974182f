import type { Planck } from '../src/domain/shared/types.js';

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (/^[\d.,\-% ]+$/.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const ms = (value: number): string => value.toFixed(value < 10 ? 1 : 0);
export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
export const count = (value: number | bigint): string => value.toLocaleString('en-US');

/** Planck as token units, truncated to `shown` decimals (integer maths only). */
export function tokens(amount: Planck, decimals: number, symbol: string, shown = 8): string {
  const unit = 10n ** BigInt(decimals);
  const whole = amount / unit;
  const fraction = (amount % unit).toString().padStart(decimals, '0').slice(0, shown);
  return `${whole}.${fraction} ${symbol}`;
}

/** How much cheaper `batched` is than `single`, in percent with one decimal (integer maths). */
export function saving(batched: Planck, single: Planck): string {
  if (single <= 0n) return 'n/a';
  const permille = ((single - batched) * 1000n) / single;
  return `${permille / 10n}.${(permille < 0n ? -permille : permille) % 10n}%`;
}

/** `part` as a percentage of `whole`, one decimal. */
export function share(part: bigint, whole: bigint): string {
  if (whole <= 0n) return 'n/a';
  const permille = (part * 1000n) / whole;
  return `${permille / 10n}.${permille % 10n}%`;
}
