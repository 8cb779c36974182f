import type { BlockRef } from '../domain/shared/types.js';

/** Decimal(39,0) columns come back as Prisma Decimals; planck is bigint in the domain. */
export const toPlanck = (v: { toFixed(dp?: number): string } | null): bigint | null =>
  v === null ? null : BigInt(v.toFixed(0));

export const blockRef = (hash: string | null, number: number | null): BlockRef | null =>
  hash !== null && number !== null ? { hash, number } : null;

/** True when a Prisma error is a unique-constraint violation. */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';
