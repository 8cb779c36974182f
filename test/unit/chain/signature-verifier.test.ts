import { Keyring } from '@polkadot/keyring';
import { RistrettoPoint } from '@noble/curves/ed25519';
import { stringToU8a, u8aConcat, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { encodeAddress, signatureVerify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSignatureVerifier, type PolkadotSignatureVerifier } from '../../../src/chain/signature-verifier.js';

const message = 'NDeST:opt-in:0x4545:{"address":"x","nonce":"0123456789abcdef"}';
const TYPES = ['sr25519', 'ed25519', 'ecdsa'] as const;
let verifier: PolkadotSignatureVerifier;
let keyring: Keyring;

beforeAll(async () => {
  verifier = await createSignatureVerifier();
  keyring = new Keyring({ ss58Format: 2 });
});

/** What the service accepted before the WASM fast path: `signatureVerify`, bare then wrapped. */
const reference = (text: string, signature: string, address: string): boolean => {
  try {
    return (
      signatureVerify(text, signature, address).isValid ||
      signatureVerify(u8aWrapBytes(text), signature, address).isValid
    );
  } catch {
    return false;
  }
};

describe('PolkadotSignatureVerifier', () => {
  it.each(TYPES)('accepts a %s signature of the bare and of the wrapped message', (type) => {
    const pair = keyring.addFromUri('//Alice', {}, type);
    expect(verifier.verify(message, u8aToHex(pair.sign(message)), pair.address)).toBe(true);
    expect(verifier.verify(message, u8aToHex(pair.sign(u8aWrapBytes(message))), pair.address)).toBe(true);
  });

  it.each(['sr25519', 'ed25519'] as const)(
    'accepts a %s signature prefixed with its MultiSignature type byte, as signatureVerify does',
    (type) => {
      const pair = keyring.addFromUri('//Alice', {}, type);
      const signature = u8aToHex(pair.sign(u8aWrapBytes(message), { withType: true }));
      expect(signature.length).toBe(2 + 65 * 2);
      expect(verifier.verify(message, signature, pair.address)).toBe(true);
    },
  );

  it('rejects a signature of another message or by another key', () => {
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const signature = u8aToHex(alice.sign(message));
    expect(verifier.verify(`${message} `, signature, alice.address)).toBe(false);
    expect(verifier.verify(message, signature, bob.address)).toBe(false);
  });

  it.each(TYPES)('rejects a %s signature of anything but the message, bare or wrapped, as before', (type) => {
    const pair = keyring.addFromUri('//Alice', {}, type);
    const other = keyring.addFromUri('//Bob', {}, type);
    const signed = [
      stringToU8a(message),
      u8aWrapBytes(message),
      stringToU8a(`${message}x`),
      u8aWrapBytes(`${message}x`),
      // With only one of the tags: not the message a wallet shows.
      u8aConcat(stringToU8a('<Bytes>'), stringToU8a(message)),
      u8aConcat(stringToU8a(message), stringToU8a('</Bytes>')),
    ];
    for (const bytes of signed) {
      const signature = u8aToHex(pair.sign(bytes));
      for (const address of [pair.address, other.address]) {
        expect(verifier.verify(message, signature, address)).toBe(reference(message, signature, address));
      }
    }
    // Only the first two are the message itself.
    const half = u8aConcat(stringToU8a('<Bytes>'), stringToU8a(message));
    expect(verifier.verify(message, u8aToHex(pair.sign(half)), pair.address)).toBe(false);
  });

  it('rejects a signature by the same seed under the other 64-byte scheme', () => {
    const sr = keyring.addFromUri('//Alice', {}, 'sr25519');
    const ed = keyring.addFromUri('//Alice', {}, 'ed25519');
    expect(verifier.verify(message, u8aToHex(ed.sign(message)), sr.address)).toBe(false);
    expect(verifier.verify(message, u8aToHex(sr.sign(message)), ed.address)).toBe(false);
  });

  it('rejects a signature whose Schnorrkel marker was flipped (each scheme is tried once, by its marker)', () => {
    const sr = keyring.addFromUri('//Alice', {}, 'sr25519');
    const ed = keyring.addFromUri('//Alice', {}, 'ed25519');
    const unmarked = sr.sign(message);
    unmarked[63]! &= 0x7f;
    expect(verifier.verify(message, u8aToHex(unmarked), sr.address)).toBe(false);
    const marked = ed.sign(message);
    marked[63]! |= 0x80;
    expect(verifier.verify(message, u8aToHex(marked), ed.address)).toBe(false);
  });

  it('rejects a forged sr25519 signature for the identity key (which the WASM Schnorrkel alone would accept)', () => {
    // R = s·B with any s verifies for the identity public key: s·B - c·0 = R.
    const s = 123456789012345678901234567890n;
    const signature = new Uint8Array(64);
    signature.set(RistrettoPoint.BASE.multiply(s).toRawBytes(), 0);
    for (let i = 0, v = s; i < 32; i++, v >>= 8n) signature[32 + i] = Number(v & 0xffn);
    signature[63]! |= 0x80;
    const identity = encodeAddress(new Uint8Array(32), 2);
    expect(verifier.verify(message, u8aToHex(signature), identity)).toBe(false);
    expect(verifier.verify(message, u8aToHex(signature), keyring.addFromUri('//Alice').address)).toBe(false);
  });

  it.each([
    ['not hex', 'hello'],
    ['empty hex', '0x'],
    ['truncated', '0x1234'],
    ['odd hex', '0x123'],
    ['64 zero bytes', `0x${'00'.repeat(64)}`],
    ['64 bytes, marked', `0x${'00'.repeat(63)}80`],
    ['65 bytes', `0x${'00'.repeat(65)}`],
    ['66 bytes', `0x02${'00'.repeat(65)}`],
  ])('returns false on a garbage signature (%s) without throwing', (_, signature) => {
    const alice = keyring.addFromUri('//Alice');
    expect(verifier.verify(message, signature, alice.address)).toBe(false);
  });

  it('returns false on a garbage address without throwing', () => {
    const alice = keyring.addFromUri('//Alice');
    expect(verifier.verify(message, u8aToHex(alice.sign(message)), 'nope')).toBe(false);
    expect(verifier.verify(message, u8aToHex(alice.sign(message)), encodeAddress(new Uint8Array(33).fill(2), 2))).toBe(
      false,
    );
  });
});
