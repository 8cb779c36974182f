import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { Ss58AddressCodec } from '../../../src/chain/address-codec.js';

/** The remembered answers of address checks: the same as checking again, per prefix, bounded. */
describe('Ss58AddressCodec remembers its answers', () => {
  const key = new Uint8Array(32).fill(7);
  const kusama = encodeAddress(key, 2);
  const polkadot = encodeAddress(key, 0);
  const inputs = [kusama, ` ${kusama} `, polkadot, '', '0x1234', 'not an address', kusama.slice(0, -1), 'x'.repeat(70)];

  it('gives the answers an unremembering codec gives, on first and later asks, however small the memory', () => {
    const fresh = inputs.map((a) => new Ss58AddressCodec(2, { cacheSize: 0 }).normalize(a));
    expect(fresh.slice(0, 3)).toEqual([kusama, kusama, null]);
    for (const cacheSize of [1, 2, 1_000]) {
      const codec = new Ss58AddressCodec(2, { cacheSize });
      for (let round = 0; round < 3; round++) expect(inputs.map((a) => codec.normalize(a))).toEqual(fresh);
    }
  });

  it('answers for the prefix of the moment (the network before the chain answers, the chain after)', () => {
    let prefix = 2;
    const codec = new Ss58AddressCodec(() => prefix);
    expect(codec.normalize(kusama)).toBe(kusama);
    expect(codec.normalize(polkadot)).toBeNull();
    prefix = 0;
    expect(codec.normalize(kusama)).toBeNull();
    expect(codec.normalize(polkadot)).toBe(polkadot);
  });
});
