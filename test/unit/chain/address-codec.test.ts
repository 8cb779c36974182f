import { u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { Ss58AddressCodec } from '../../../src/chain/address-codec.js';

const key = new Uint8Array(32).fill(7);
const kusama = encodeAddress(key, 2);
const codec = new Ss58AddressCodec(2);

describe('Ss58AddressCodec (Kusama, prefix 2)', () => {
  it('accepts a Kusama address, trimmed', () => {
    expect(codec.normalize(kusama)).toBe(kusama);
    expect(codec.normalize(`  ${kusama}\n`)).toBe(kusama);
  });

  it.each([
    ['a Polkadot address of the same key', encodeAddress(key, 0)],
    ['a generic substrate (42) address of the same key', encodeAddress(key, 42)],
    ['the raw public key as hex', u8aToHex(key)],
    ['an address with a broken checksum', kusama.slice(0, -1) + (kusama.endsWith('a') ? 'b' : 'a')],
    ['an account index (short address)', encodeAddress(new Uint8Array([1, 0]), 2)],
    ['an empty string', ''],
    ['garbage', 'not an address'],
  ])('rejects %s', (_, input) => {
    expect(codec.normalize(input)).toBeNull();
  });

  it('accepts Polkadot addresses when the network prefix is 0', () => {
    expect(new Ss58AddressCodec(0).normalize(encodeAddress(key, 0))).toBe(encodeAddress(key, 0));
    expect(new Ss58AddressCodec(0).normalize(kusama)).toBeNull();
  });
});
