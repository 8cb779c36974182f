import { hexToU8a, stringToU8a, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, ed25519Verify, signatureVerify } from '@polkadot/util-crypto';
import { sr25519Verify } from '@polkadot/wasm-crypto';
import type { SignatureVerifier } from '../domain/ports/wallet.js';
import type { Address } from '../domain/shared/types.js';

const HEX = /^0x[0-9a-fA-F]+$/;

/**
 * sr25519 / ed25519 / ecdsa check of a signed wallet request (DESIGN §6). Wallet extensions'
 * `signRaw` signs the message wrapped in `<Bytes>…</Bytes>`, other signers the bare bytes: both
 * are accepted, the wrapped one tried first since wallets are the usual signers.
 *
 * A 64-byte signature is sr25519 or ed25519, told apart by Schnorrkel's marker (the top bit of
 * the last byte: always set by sr25519, never by ed25519, whose `s` is below 2^253), so a
 * signature is checked under one scheme only. sr25519 goes to the WASM Schnorrkel of
 * @polkadot/wasm-crypto (about 6 times faster here than the pure-JS one `signatureVerify` uses:
 * bench/signature-verify.bench.ts), ed25519 to util-crypto's (WASM once ready). Other lengths
 * (ecdsa, MultiSignature-prefixed) keep `signatureVerify`, which tries both message forms itself.
 *
 * The crypto WASM must be ready before the first check: build it with `create()`, or after
 * `cryptoWaitReady()` (a ready ApiPromise implies it).
 */
export class PolkadotSignatureVerifier implements SignatureVerifier {
  static async create(): Promise<PolkadotSignatureVerifier> {
    await cryptoWaitReady();
    return new PolkadotSignatureVerifier();
  }

  verify(message: string, signature: string, address: Address): boolean {
    try {
      if (!HEX.test(signature)) return false;
      const signatureBytes = hexToU8a(signature);
      if (signatureBytes.length !== 64) return signatureVerify(message, signatureBytes, address).isValid;
      const publicKey = decodeAddress(address);
      if (publicKey.length !== 32) return false;
      const bare = stringToU8a(message);
      const wrapped = u8aWrapBytes(bare);
      if (isSchnorrkelMarked(signatureBytes)) {
        // The identity key: Schnorrkel would accept anyone's signature for it (the pure-JS
        // implementation refuses it; the WASM one does not).
        if (publicKey.every((byte) => byte === 0)) return false;
        return sr25519Verify(signatureBytes, wrapped, publicKey) || sr25519Verify(signatureBytes, bare, publicKey);
      }
      return ed25519Verify(wrapped, signatureBytes, publicKey) || ed25519Verify(bare, signatureBytes, publicKey);
    } catch {
      return false;
    }
  }
}

const isSchnorrkelMarked = (signature: Uint8Array): boolean => (signature[63]! & 0x80) !== 0;

export const createSignatureVerifier = (): Promise<PolkadotSignatureVerifier> => PolkadotSignatureVerifier.create();
