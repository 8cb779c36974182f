import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSignatureVerifier, type PolkadotSignatureVerifier } from '../../../src/chain/signature-verifier.js';

const message = 'NDeST:opt-in:0x4545:{"address":"x","nonce":"0123456789abcdef"}';
let verifier: PolkadotSignatureVerifier;
let keyring: Keyring;

beforeAll(async () => {
  verifier = await createSignatureVerifier();
  keyring = new Keyring({ ss58Format: 2 });
});

describe('PolkadotSignatureVerifier', () => {
  it.each(['sr25519', 'ed25519', 'ecdsa'] as const)(
    'accepts a %s signature of the bare and of the wrapped message',
    (type) => {
      const pair = keyring.addFromUri('//Alice', {}, type);
      expect(verifier.verify(message, u8aToHex(pair.sign(message)), pair.address)).toBe(true);
      expect(verifier.verify(message, u8aToHex(pair.sign(u8aWrapBytes(message))), pair.address)).toBe(true);
    },
  );

  it('rejects a signature of another message or by another key', () => {
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const signature = u8aToHex(alice.sign(message));
    expect(verifier.verify(`${message} `, signature, alice.address)).toBe(false);
    expect(verifier.verify(message, signature, bob.address)).toBe(false);
  });

  it.each([
    ['not hex', 'hello'],
    ['empty hex', '0x'],
    ['truncated', '0x1234'],
    ['odd hex', '0x123'],
  ])('returns false on a garbage signature (%s) without throwing', (_, signature) => {
    const alice = keyring.addFromUri('//Alice');
    expect(verifier.verify(message, signature, alice.address)).toBe(false);
  });

  it('returns false on a garbage address without throwing', () => {
    const alice = keyring.addFromUri('//Alice');
    expect(verifier.verify(message, u8aToHex(alice.sign(message)), 'nope')).toBe(false);
  });
});
