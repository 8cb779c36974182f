import { isHex } from '@polkadot/util';
import { checkAddress, decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { AddressCodec } from '../domain/ports/wallet.js';
import type { Address } from '../domain/shared/types.js';

/**
 * Accepts only SS58 account addresses (32-byte AccountId) of the network's own prefix:
 * a Polkadot address on Kusama, a generic (42) address or a raw 0x public key is refused,
 * so a user never opts in with an address their wallet shows for another network.
 */
export class Ss58AddressCodec implements AddressCodec {
  readonly #prefix: number | (() => number);

  /** A function is asked on every use: the chain's prefix once connected, the configured network's before. */
  constructor(prefix: number | (() => number)) {
    this.#prefix = prefix;
  }

  get prefix(): number {
    return typeof this.#prefix === 'number' ? this.#prefix : this.#prefix();
  }

  normalize(address: string): Address | null {
    const text = address.trim();
    if (text === '' || isHex(text)) return null;
    const prefix = this.prefix;
    const [valid] = checkAddress(text, prefix);
    if (!valid) return null;
    try {
      const publicKey = decodeAddress(text, false, prefix);
      return publicKey.length === 32 ? encodeAddress(publicKey, prefix) : null;
    } catch {
      return null;
    }
  }
}
