import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { Address, BlockRef, Planck } from '../domain/shared/types.js';

/** Structural views of the codecs read here: runtimes differ, so no generated augment types are relied on. */
export interface OptionLike<T> {
  isSome: boolean;
  unwrap(): T;
}
export interface NumberLike {
  toNumber(): number;
}
export interface BigIntLike {
  toBigInt(): bigint;
}
export interface HeaderLike {
  hash: Codec;
  number: { toNumber(): number };
}

export const planck = (value: unknown): Planck => (value as BigIntLike).toBigInt();
export const num = (value: unknown): number => (value as NumberLike).toNumber();

/** An AccountId codec as an SS58 address of the chain's prefix. */
export function address(accountId: unknown, prefix: number): Address {
  return encodeAddress((accountId as Codec).toU8a(), prefix);
}

export function option<T>(value: unknown): T | null {
  const opt = value as OptionLike<T>;
  return opt.isSome ? opt.unwrap() : null;
}

export function blockRef(header: HeaderLike): BlockRef {
  return { hash: header.hash.toHex(), number: header.number.toNumber() };
}

/** `items` in slices of `size`, for batched multi-key reads. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
