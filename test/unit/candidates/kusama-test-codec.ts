import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { AddressCodec } from '../../../src/domain/ports/wallet.js';

const KUSAMA_PREFIX = 2;

/** Test-only stand-in for the chain layer's codec: SS58 with Kusama's prefix, nothing else. */
export const kusamaTestCodec: AddressCodec = {
  normalize(address) {
    if (address.startsWith('0x')) return null;
    try {
      return encodeAddress(decodeAddress(address, false, KUSAMA_PREFIX), KUSAMA_PREFIX);
    } catch {
      return null;
    }
  },
};

/** A Kusama address of a made-up public key whose bytes are all `fill`. */
export const kusamaAddress = (fill: number): string => encodeAddress(new Uint8Array(32).fill(fill), KUSAMA_PREFIX);
export const polkadotAddress = (fill: number): string => encodeAddress(new Uint8Array(32).fill(fill), 0);
