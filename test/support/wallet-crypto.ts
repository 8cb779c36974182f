import { checkAddress, decodeAddress, encodeAddress, signatureVerify } from '@polkadot/util-crypto';
import type { AddressCodec, SignatureVerifier } from '../../src/domain/ports/wallet.js';

/** Kusama's SS58 prefix. */
export const KUSAMA_PREFIX = 2;

/**
 * The real @polkadot/util-crypto functions behind the domain's address and signature ports,
 * wired locally so wallet tests do not depend on src/chain. Call `cryptoWaitReady()` first.
 */
export function walletCodec(prefix = KUSAMA_PREFIX): AddressCodec {
  return {
    normalize(address) {
      const [valid] = checkAddress(address, prefix);
      if (!valid) return null;
      const accountId = decodeAddress(address);
      return accountId.length === 32 ? encodeAddress(accountId, prefix) : null;
    },
  };
}

export function walletVerifier(): SignatureVerifier {
  return { verify: (message, signature, address) => signatureVerify(message, signature, address).isValid };
}
