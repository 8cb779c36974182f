import { isHex } from '@polkadot/util';
import { checkAddress, decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { AddressCodec } from '../domain/ports/wallet.js';
import type { Address } from '../domain/shared/types.js';
import { LruMap } from '../lru-map.js';

/** Inputs remembered with their answer; beyond it the least recently used is forgotten. */
const DEFAULT_CACHE_SIZE = 50_000;
/** An SS58 account address is at most 50 characters: longer input is refused without being remembered. */
const LONGEST_REMEMBERED = 64;

/**
 * Accepts only SS58 account addresses (32-byte AccountId) of the network's own prefix:
 * a Polkadot address on Kusama, a generic (42) address or a raw 0x public key is refused,
 * so a user never opts in with an address their wallet shows for another network.
 *
 * Checking an address base58-decodes it and hashes it twice (checksum, then re-encoding), about
 * as long as the rest of a cached read: answers are remembered per prefix and input, in a
 * bounded LRU (refusals too, so a flood of bad input costs one check per distinct string).
 */
export class Ss58AddressCodec implements AddressCodec {
  readonly #prefix: number | (() => number);
  readonly #answers: LruMap<string, Address | null> | null;

  /** A function is asked on every use: the chain's prefix once connected, the configured network's before. */
  constructor(prefix: number | (() => number), { cacheSize = DEFAULT_CACHE_SIZE }: { cacheSize?: number } = {}) {
    this.#prefix = prefix;
    this.#answers = cacheSize > 0 ? new LruMap(cacheSize) : null;
  }

  get prefix(): number {
    return typeof this.#prefix === 'number' ? this.#prefix : this.#prefix();
  }

  normalize(address: string): Address | null {
    const prefix = this.prefix;
    if (address.length > LONGEST_REMEMBERED || this.#answers === null) return check(address, prefix);
    // The prefix is part of the key: the network's before the chain answered, the chain's after.
    const key = `${prefix}:${address}`;
    const known = this.#answers.get(key);
    if (known !== undefined) return known;
    const answer = check(address, prefix);
    this.#answers.set(key, answer);
    return answer;
  }
}

function check(address: string, prefix: number): Address | null {
  const text = address.trim();
  if (text === '' || isHex(text)) return null;
  const [valid] = checkAddress(text, prefix);
  if (!valid) return null;
  try {
    const publicKey = decodeAddress(text, false, prefix);
    return publicKey.length === 32 ? encodeAddress(publicKey, prefix) : null;
  } catch {
    return null;
  }
}
