import { describe, expect, it } from 'vitest';
import { NATIVE_SEEDED_KEY, seedNativeToken } from '../../../src/domain/registry/seed-native-token.use-case.js';
import { InMemoryTokenRepository } from '../../support/in-memory-registry.js';

const KSM = { symbol: 'KSM', decimals: 12 };

function memoryState() {
  const values = new Map<string, string>();
  return {
    values,
    get: async (k: string) => values.get(k) ?? null,
    set: async (k: string, v: string) => void values.set(k, v),
  };
}

describe('seedNativeToken', () => {
  it("lists the chain's token once: staking, its decimals, rate 1", async () => {
    const tokens = new InMemoryTokenRepository();
    const state = memoryState();
    expect(await seedNativeToken({ tokens, state, native: KSM })).toBe(true);
    expect(await tokens.list()).toEqual([
      { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true },
    ]);
    expect(state.values.has(NATIVE_SEEDED_KEY)).toBe(true);
  });

  it('never lists it again once an operator delisted it', async () => {
    const tokens = new InMemoryTokenRepository();
    const state = memoryState();
    await seedNativeToken({ tokens, state, native: KSM });
    await tokens.delete('KSM');
    expect(await seedNativeToken({ tokens, state, native: KSM })).toBe(false);
    expect(await tokens.list()).toEqual([]);
  });

  it('leaves a native token the operator listed first as it is', async () => {
    const tokens = new InMemoryTokenRepository();
    await tokens.put(
      { denom: 'ksm', kind: 'native', assetId: null, decimals: 12, rate: '25', staking: true },
      () => {},
    );
    expect(await seedNativeToken({ tokens, state: memoryState(), native: KSM })).toBe(false);
    expect((await tokens.list()).map((t) => [t.denom, t.rate])).toEqual([['ksm', '25']]);
  });

  it('two processes seeding at once list it once', async () => {
    const tokens = new InMemoryTokenRepository();
    const state = memoryState();
    await Promise.all([
      seedNativeToken({ tokens, state, native: KSM }),
      seedNativeToken({ tokens, state, native: KSM }),
    ]);
    expect((await tokens.list()).map((t) => t.denom)).toEqual(['KSM']);
  });
});
