import { u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import type { SignatureVerifier } from '../domain/ports/wallet.js';
import type { Address } from '../domain/shared/types.js';

/**
 * sr25519 / ed25519 / ecdsa check with `signatureVerify`. Wallet extensions' `signRaw` signs the
 * message wrapped in `<Bytes>…</Bytes>`, other signers the bare bytes: both are accepted.
 * The crypto WASM must be ready before the first check (sr25519 checks would otherwise fail,
 * returning false): build it with `create()`, or after `cryptoWaitReady()` (a ready ApiPromise implies it).
 */
export class PolkadotSignatureVerifier implements SignatureVerifier {
  static async create(): Promise<PolkadotSignatureVerifier> {
    await cryptoWaitReady();
    return new PolkadotSignatureVerifier();
  }

  verify(message: string, signature: string, address: Address): boolean {
    try {
      if (!/^0x[0-9a-fA-F]+$/.test(signature)) return false;
      if (signatureVerify(message, signature, address).isValid) return true;
      return signatureVerify(u8aWrapBytes(message), signature, address).isValid;
    } catch {
      return false;
    }
  }
}

export const createSignatureVerifier = (): Promise<PolkadotSignatureVerifier> => PolkadotSignatureVerifier.create();
