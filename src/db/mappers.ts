import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { BlockRef } from '../domain/shared/types.js';

/** Decimal(39,0) columns come back as Prisma Decimals; planck is bigint in the domain. */
export const toPlanck = (v: { toFixed(dp?: number): string } | null): bigint | null =>
  v === null ? null : BigInt(v.toFixed(0));

export const blockRef = (hash: string | null, number: number | null): BlockRef | null =>
  hash !== null && number !== null ? { hash, number } : null;

/** True when a Prisma error is a unique-constraint violation. */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';

/** The columns a batch table keeps of the extrinsic signed for it (rounds and payouts alike). */
export interface SignedColumns {
  nonce: number | null;
  extrinsicHash: string | null;
  signedHex: string | null;
  signedAtHash: string | null;
  signedAtNumber: number | null;
  mortalPeriod: number | null;
}

export const signedColumns = (signed: SignedExtrinsic): SignedColumns => ({
  nonce: signed.nonce,
  extrinsicHash: signed.hash,
  signedHex: signed.hex,
  signedAtHash: signed.signedAt.hash,
  signedAtNumber: signed.signedAt.number,
  mortalPeriod: signed.mortalPeriod,
});

export function signedFromColumns(row: SignedColumns | null): SignedExtrinsic | null {
  if (!row || row.signedHex === null || row.extrinsicHash === null || row.nonce === null) return null;
  return {
    hash: row.extrinsicHash,
    hex: row.signedHex,
    nonce: row.nonce,
    signedAt: { hash: row.signedAtHash!, number: row.signedAtNumber! },
    mortalPeriod: row.mortalPeriod!,
  };
}

/** The columns a batch table keeps of the block that included its extrinsic. */
export const includedColumns = (outcome: {
  block: BlockRef;
  extrinsicIndex: number;
  fee: bigint | null;
  extrinsicError: string | null;
}) => ({
  status: 'included' as const,
  blockHash: outcome.block.hash,
  blockNumber: outcome.block.number,
  extrinsicIndex: outcome.extrinsicIndex,
  fee: outcome.fee?.toString() ?? null,
  error: outcome.extrinsicError,
});
