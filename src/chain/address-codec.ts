import { isHex } from '@polkadot/util';
import { checkAddress, decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { AddressCodec } from '../domain/ports.js';
import type { Address } from '../domain/shared/types.js';

/**
 * Accepts only SS58 account addresses (32-byte AccountId) of the network's own prefix:
 * a Polkadot address on Kusama, a generic (42) address or a raw 0x public key is refused,
 * so a user never opts in with an address their wallet shows for another network.
 */
export class Ss58AddressCodec implements AddressCodec {
  constructor(readonly prefix: number) {}

  normalize(address: string): Address | null {
    const text = address.trim();
    if (text === '' || isHex(text)) return null;
    const [valid] = checkAddress(text, this.prefix);
    if (!valid) return null;
    try {
      const publicKey = decodeAddress(text, false, this.prefix);
      return publicKey.length === 32 ? encodeAddress(publicKey, this.prefix) : null;
    } catch {
      return null;
    }
  }
}
