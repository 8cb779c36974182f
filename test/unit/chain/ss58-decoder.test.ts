import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { base58Decode, decodeSs58Account, Ss58DecodeError } from '../../../src/chain/ss58-decoder.js';

/** util-crypto's answer for a 32-byte account: its bytes, or null when it throws or is another length. */
function reference(address: string): Uint8Array | null {
  try {
    const bytes = decodeAddress(address);
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

function ours(address: string): Uint8Array | null {
  try {
    return decodeSs58Account(address);
  } catch (error) {
    expect(error).toBeInstanceOf(Ss58DecodeError);
    return null;
  }
}

const account = fc.uint8Array({ minLength: 32, maxLength: 32 });
/** Prefixes 0..16383 but the reserved 46 and 47 (encodeAddress refuses them). */
const prefix = fc.integer({ min: 0, max: 16_383 }).filter((p) => p !== 46 && p !== 47);
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

describe('decodeSs58Account', () => {
  beforeAll(() => cryptoWaitReady());

  it('gives the account bytes of any valid address, whatever its prefix', () => {
    fc.assert(
      fc.property(account, prefix, (bytes, p) => {
        expect(decodeSs58Account(encodeAddress(bytes, p))).toEqual(bytes);
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with util-crypto on an address with one character changed, added or removed (checksum, length)', () => {
    fc.assert(
      fc.property(
        account,
        prefix,
        fc.nat(),
        fc.constantFrom(...ALPHABET),
        fc.constantFrom('replace', 'insert', 'delete'),
        (bytes, p, at, char, edit) => {
          const address = encodeAddress(bytes, p);
          const i = at % address.length;
          const changed =
            edit === 'replace'
              ? address.slice(0, i) + char + address.slice(i + 1)
              : edit === 'insert'
                ? address.slice(0, i) + char + address.slice(i)
                : address.slice(0, i) + address.slice(i + 1);
          expect(ours(changed)).toEqual(reference(changed));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('agrees with util-crypto on arbitrary base58 text and on any string', () => {
    const base58 = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 0, maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(base58, fc.string({ maxLength: 60 })), (text) => {
        expect(ours(text)).toEqual(reference(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses other account lengths, reserved and invalid prefixes, and a wrong checksum', () => {
    const key = new Uint8Array(32).fill(9);
    expect(() => decodeSs58Account(encodeAddress(new Uint8Array(33).fill(2), 2))).toThrow('not a 32-byte account');
    expect(() => decodeSs58Account(encodeAddress(new Uint8Array(8).fill(2), 2))).toThrow('not a 32-byte account');
    expect(() => decodeSs58Account('')).toThrow(Ss58DecodeError);
    expect(() => decodeSs58Account('0OIl')).toThrow('not base58');
    const good = encodeAddress(key, 2);
    const last = good.at(-1) === 'a' ? 'b' : 'a';
    expect(() => decodeSs58Account(good.slice(0, -1) + last)).toThrow(Ss58DecodeError);
  });

  it('takes a 0x public key as it is, as the registry does', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(decodeSs58Account(`0x${Buffer.from(key).toString('hex')}`)).toEqual(key);
    expect(() => decodeSs58Account('0x1234')).toThrow('hex that is not 32 bytes');
  });
});

describe('base58Decode', () => {
  it('keeps leading zero bytes as leading 1s', () => {
    expect(base58Decode('1112')).toEqual(Uint8Array.from([0, 0, 0, 1]));
    expect(base58Decode('1')).toEqual(Uint8Array.from([0]));
    expect(base58Decode('z')).toEqual(Uint8Array.from([57]));
    expect(base58Decode('5R')).toEqual(Uint8Array.from([1, 0]));
  });
});
