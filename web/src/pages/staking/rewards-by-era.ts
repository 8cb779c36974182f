import type { Reward } from './delegation-api.js';

export interface EraRewards {
  /** null: rewards whose era the service could not tell. */
  era: number | null;
  /** Planck, exact. */
  amount: bigint;
  /** How many payouts make it up (one per elected nominee, usually). */
  payouts: number;
}

/**
 * The rewards added up per era, exactly (bigint planck), eras in ascending order and the rewards
 * of an unknown era last.
 */
export function rewardsPerEra(rewards: readonly Pick<Reward, 'era' | 'amount'>[]): EraRewards[] {
  const byEra = new Map<number | null, EraRewards>();
  for (const r of rewards) {
    const row = byEra.get(r.era) ?? { era: r.era, amount: 0n, payouts: 0 };
    row.amount += BigInt(r.amount);
    row.payouts += 1;
    byEra.set(r.era, row);
  }
  return [...byEra.values()].sort((a, b) =>
    a.era === null ? (b.era === null ? 0 : 1) : b.era === null ? -1 : a.era - b.era,
  );
}

/** The sum of the rows, exact. */
export const totalOf = (rows: readonly EraRewards[]) => rows.reduce((sum, r) => sum + r.amount, 0n);

/**
 * Planck in whole tokens as a float, for a chart's bar height only (the table next to it shows
 * the exact figure).
 */
export function approxUnits(planck: bigint, decimals: number): number {
  const base = 10n ** BigInt(decimals);
  return Number(planck / base) + Number(planck % base) / Number(base);
}
