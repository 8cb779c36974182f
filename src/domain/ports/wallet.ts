/** Addresses and signatures of the wallets that sign requests. Plain data only: no codecs, no Prisma rows. */
import type { Address } from '../shared/types.js';

export interface AddressCodec {
  /** The address re-encoded for the network's SS58 prefix, or null when it is not a valid address of that network. */
  normalize(address: string): Address | null;
}

export interface SignatureVerifier {
  /** sr25519, ed25519 or ecdsa signature by `address` of `message`, bare or wrapped in <Bytes>…</Bytes>. */
  verify(message: string, signature: string, address: Address): boolean;
}
