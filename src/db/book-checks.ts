import type { BookCheck } from '../domain/shared/book-check.js';
import { toPlanck } from './mappers.js';

/** The book checks' rows (PoolBook, CollectiveBook: the same columns) and the domain's BookCheck, both ways. */

type Decimal = { toFixed(dp?: number): string };

export const toBookCheck = (r: {
  denom: string;
  chainBalance: Decimal;
  expected: Decimal;
  difference: Decimal;
  blockNumber: number;
  blockHash: string;
  checkedAt: Date;
}): BookCheck => ({
  denom: r.denom,
  chainBalance: toPlanck(r.chainBalance)!,
  expected: toPlanck(r.expected)!,
  difference: toPlanck(r.difference)!,
  at: { hash: r.blockHash, number: r.blockNumber },
  checkedAt: r.checkedAt,
});

/** A check's columns besides its owner and denom (the key its row is upserted by). */
export const bookCheckColumns = (c: BookCheck) => ({
  chainBalance: c.chainBalance.toString(),
  expected: c.expected.toString(),
  difference: c.difference.toString(),
  blockNumber: c.at.number,
  blockHash: c.at.hash,
  checkedAt: c.checkedAt,
});
