import type { RewardRecord } from '../../domain/indexer/indexed-event.repository.js';
import { formatUnits } from '../../domain/shared/money.js';

export const presentReward = (r: RewardRecord, decimals: number) => ({
  era: r.era,
  validator: r.validator,
  amount: r.amount.toString(),
  amountUnits: formatUnits(r.amount, decimals),
  destination: r.destination,
  block: r.block,
  extrinsicHash: r.extrinsicHash,
  paidBy: r.paidBy,
});

/**
 * A cell a spreadsheet would run as a formula (`= + - @`, or a tab or carriage return before one)
 * is neutralised with a leading apostrophe; negative numbers never occur here (amounts are planck).
 */
export const csvField = (v: string | number | null): string => {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One header row, then one row per reward; amounts in planck and in the token, exact. */
export function rewardsCsv(rewards: RewardRecord[], token: { symbol: string; decimals: number }): string {
  const header = [
    'era',
    'validator',
    'amount_planck',
    `amount_${token.symbol.toLowerCase()}`,
    'destination',
    'block_number',
    'block_hash',
    'extrinsic_hash',
    'paid_by',
  ];
  const rows = rewards.map((r) =>
    [
      r.era,
      r.validator,
      r.amount.toString(),
      formatUnits(r.amount, token.decimals),
      r.destination,
      r.block.number,
      r.block.hash,
      r.extrinsicHash,
      r.paidBy,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
