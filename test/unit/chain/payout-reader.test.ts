import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import type { ChainConnection } from '../../../src/chain/connection.js';
import type { OfflineRuntime } from '../../../src/chain/offline-calls.js';
import { PolkadotPayoutReader } from '../../../src/chain/payout-reader.js';
import { assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const [v1, v2, v3] = [addr(1), addr(2), addr(3)];
const [n1, n2, n3] = [addr(11), addr(12), addr(13)];
const ERA = 40;

interface EntryMeta {
  meta: {
    modifier: { isOptional: boolean };
    type: { isMap: boolean; asMap: { value: Codec }; asPlain: Codec };
  };
}

/**
 * An api over offline metadata whose staking storage answers from `values` (key: JSON of the
 * storage key arguments), decoded with the runtime's own types: the reader runs its real code.
 */
function fakeConnection(runtime: OfflineRuntime, values: Record<string, Record<string, unknown>>): ChainConnection {
  const entries = runtime.decorated.query.staking as unknown as Record<string, EntryMeta>;
  const staking: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const { type: storageType } = entry.meta;
    const valueId = storageType.isMap ? storageType.asMap.value : storageType.asPlain;
    const valueType = runtime.registry.createLookupType(Number(valueId.toString()));
    const type = entry.meta.modifier.isOptional ? `Option<${valueType}>` : valueType;
    const read = (args: unknown[]) => runtime.registry.createTypeUnsafe(type, [values[name]?.[JSON.stringify(args)]]);
    staking[name] = Object.assign(async (...args: unknown[]) => read(args), {
      multi: async (keys: unknown[][]) => keys.map(read),
      meta: entry.meta,
    });
  }
  const api = {
    tx: runtime.decorated.tx,
    consts: runtime.decorated.consts,
    registry: runtime.registry,
    call: {},
    query: { staking },
    runtimeVersion: { specVersion: { toNumber: () => 1 } },
  };
  return {
    ss58Prefix: 2,
    api: () => api,
    call: (_label: string, fn: (a: unknown) => Promise<unknown>) => fn(api),
  } as unknown as ChainConnection;
}

const page = (...nominators: string[]) => ({ pageTotal: 10n, others: nominators.map((who) => ({ who, value: 5n })) });

describe('PolkadotPayoutReader on staking-async storage (Kusama Asset Hub metadata)', () => {
  const conn = fakeConnection(assetHubRuntime(), {
    erasStakersOverview: {
      [JSON.stringify([ERA, v1])]: { total: 30n, own: 10n, nominatorCount: 3, pageCount: 2 },
      [JSON.stringify([ERA, v2])]: { total: 10n, own: 10n, nominatorCount: 0, pageCount: 0 },
    },
    erasStakersPaged: {
      [JSON.stringify([ERA, v1, 0])]: page(n1, n3),
      [JSON.stringify([ERA, v1, 1])]: page(n2),
    },
    erasValidatorReward: { [JSON.stringify([ERA])]: 1_000n },
    claimedRewards: { [JSON.stringify([ERA, v1])]: [1] },
  });
  const reader = new PolkadotPayoutReader(conn, { multiChunk: 1 });

  it('lists the pages holding the stashes asked about, with the page count of each exposed validator', async () => {
    await expect(reader.exposures(ERA, [v1, v2, v3, v1], new Set([n2, n3]))).resolves.toEqual([
      {
        validator: v1,
        pageCount: 2,
        pages: [
          { page: 0, stashes: [n3] },
          { page: 1, stashes: [n2] },
        ],
      },
      // Own stake only: no nominator page, yet the validator is paid on page 0.
      { validator: v2, pageCount: 1, pages: [] },
    ]);
  });

  it('reads paid pages from claimedRewards and the era reward', async () => {
    await expect(reader.claimedPages(ERA, v1)).resolves.toEqual(new Set([1]));
    await expect(reader.claimedPages(ERA, v2)).resolves.toEqual(new Set());
    await expect(reader.eraRewardKnown(ERA)).resolves.toBe(true);
    await expect(reader.eraRewardKnown(ERA + 1)).resolves.toBe(false);
    expect(reader.historyDepth()).toBe(84);
  });
});

describe('PolkadotPayoutReader on relay pallet-staking while paging was enacted', () => {
  const conn = fakeConnection(relayKusamaRuntime(), {
    erasStakersOverview: {
      [JSON.stringify([ERA, v1])]: { total: 10n, own: 5n, nominatorCount: 1, pageCount: 1 },
    },
    erasStakersPaged: { [JSON.stringify([ERA, v1, 0])]: page(n1) },
    // Exposed before paging: only the clipped exposure exists, and it is what gets paid.
    erasStakersClipped: { [JSON.stringify([ERA, v2])]: { total: 10n, own: 5n, others: [{ who: n2, value: 5n }] } },
    erasStakers: {
      [JSON.stringify([ERA, v2])]: {
        total: 15n,
        own: 5n,
        others: [
          { who: n2, value: 5n },
          { who: n3, value: 5n },
        ],
      },
    },
    bonded: { [JSON.stringify([v2])]: v3 },
    ledger: {
      [JSON.stringify([v3])]: { stash: v2, total: 5n, active: 5n, unlocking: [], legacyClaimedRewards: [ERA] },
    },
  });
  const reader = new PolkadotPayoutReader(conn);

  it('falls back to the clipped exposure as page 0 for validators without an overview', async () => {
    await expect(reader.exposures(ERA, [v1, v2, v3], new Set([n1, n2, n3]))).resolves.toEqual([
      { validator: v1, pageCount: 1, pages: [{ page: 0, stashes: [n1] }] },
      { validator: v2, pageCount: 1, pages: [{ page: 0, stashes: [n2] }] },
    ]);
  });

  it("counts an era listed in the ledger of the validator's controller as page 0 paid", async () => {
    await expect(reader.claimedPages(ERA, v2)).resolves.toEqual(new Set([0]));
    await expect(reader.claimedPages(ERA - 1, v2)).resolves.toEqual(new Set());
    await expect(reader.claimedPages(ERA, v1)).resolves.toEqual(new Set());
  });
});
