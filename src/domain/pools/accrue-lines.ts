import { parseDecimal, type Fixed } from '../shared/fixed-point.js';
import type { Address } from '../shared/types.js';
import { accrueDynamic, accrueStatic, capToAvailable, type RatedPeriod } from './accrual.js';
import { claimWindow, periodsBetween } from './period-maths.js';
import { heldOf, type PoolUnit, type TokenBooks } from './pool.repository.js';
import type { PayoutLine, PayoutLineKind, PoolRegistration } from './types.js';

export const unixSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const fixedOf = (decimal: string): Fixed =>
  parseDecimal(decimal, { code: 'DECIMAL_INVALID', field: 'stored', allowZero: true });

/** What is left to owe per token: held, less what this same change already owed. */
export class Availability {
  readonly #left = new Map<string, bigint>();
  constructor(books: Map<string, TokenBooks>) {
    for (const [denom, b] of books) this.#left.set(denom, heldOf(b));
  }
  take(denom: string, amount: bigint): bigint {
    const paid = capToAvailable(amount, this.#left.get(denom) ?? 0n);
    this.#left.set(denom, (this.#left.get(denom) ?? 0n) - paid);
    return paid;
  }
  left(denom: string): bigint {
    return this.#left.get(denom) ?? 0n;
  }
}

/**
 * What one registration has accrued up to `now` (a claim, a distribution or a period's settlement)
 * as payout lines, capped to what the pool holds, and where its next claim starts; null when the
 * claim window is empty (not started, ended, claimed this second).
 */
export async function accrueLines(
  unit: PoolUnit,
  input: {
    registration: PoolRegistration;
    address: Address;
    weight: Fixed;
    now: number;
    kind: PayoutLineKind;
    available: Availability;
    proposalId?: string | null;
  },
): Promise<{ lines: PayoutLine[]; claimedTo: number } | null> {
  const pool = unit.pool;
  const window = claimWindow({
    claimStart: pool.claimStart,
    claimEnd: pool.claimEnd,
    claimExpire: pool.claimExpire,
    lastClaim: unixSeconds(input.registration.lastClaimAt),
    now: input.now,
  });
  if (!window) return null;
  const accrued = new Map<string, bigint>();
  if (!pool.dynamicRate) {
    for (const t of pool.tokenRates)
      accrued.set(t.denom, accrueStatic(fixedOf(t.rate), input.weight, window.to - window.from));
  } else {
    const P = pool.dynamicRatePeriod!;
    const periods = periodsBetween(pool.claimStart, P, window.from, window.to);
    if (periods.length > 0) {
      const rates = await unit.periodRates(periods[0]!.index, periods[periods.length - 1]!.index);
      const denoms = new Set(rates.map((r) => r.denom));
      for (const denom of denoms) {
        const rated: RatedPeriod[] = periods.map((p) => {
          const r = rates.find((x) => x.periodIndex === p.index && x.denom === denom);
          return { ...p, rate: r ? fixedOf(r.rate) : 0n };
        });
        const { amount } = accrueDynamic({
          weight: input.weight,
          registeredAt: unixSeconds(input.registration.registeredAt),
          from: window.from,
          to: window.to,
          periods: rated,
        });
        accrued.set(denom, amount);
      }
    }
  }
  const lines: PayoutLine[] = [];
  for (const [denom, amount] of [...accrued].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Never more than the pool holds: a static pool whose rates outrun its deposits pays what it has.
    const paid = input.available.take(denom, amount);
    if (paid > 0n)
      lines.push({
        address: input.address,
        denom,
        amount: paid,
        kind: input.kind,
        accruedFrom: new Date(window.from * 1000),
        accruedTo: new Date(window.to * 1000),
        proposalId: input.proposalId ?? null,
      });
  }
  return { lines, claimedTo: window.to };
}
