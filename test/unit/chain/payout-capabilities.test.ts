import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { capabilitySourceFromMetadata } from '../../../src/chain/capabilities.js';
import { decodeCall, type OfflineRuntime } from '../../../src/chain/offline-calls.js';
import { buildPayoutBatchCall, payoutCallKind } from '../../../src/chain/payout-calls.js';
import { detectPayoutCapabilities } from '../../../src/chain/payout-capabilities.js';
import { ASSET_HUB_METADATA, assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

const payoutCaps = (rt: OfflineRuntime) =>
  detectPayoutCapabilities(capabilitySourceFromMetadata(rt.decorated, rt.metadata));
const validator = encodeAddress(new Uint8Array(32).fill(7), 2);
const nominator = encodeAddress(new Uint8Array(32).fill(8), 2);

describe('detectPayoutCapabilities', () => {
  it.each([ASSET_HUB_METADATA.kusama, ASSET_HUB_METADATA.polkadot, ASSET_HUB_METADATA.kusamaDec2025])(
    '%s (staking-async): paged exposure, claimedRewards storage only, history depth constant',
    (file) => {
      expect(payoutCaps(assetHubRuntime(file))).toEqual({
        payoutCall: 'payoutStakersByPage',
        pagedExposure: true,
        legacyExposure: null,
        claimedRewards: { storage: true, ledgerField: null },
        hasBonded: true,
        historyDepth: { kind: 'const', value: 84 },
      });
    },
  );

  it('relay pallet-staking while paging was enacted: paged, clipped fallback for old eras, legacy ledger field', () => {
    expect(payoutCaps(relayKusamaRuntime())).toEqual({
      payoutCall: 'payoutStakersByPage',
      pagedExposure: true,
      legacyExposure: 'erasStakersClipped',
      claimedRewards: { storage: true, ledgerField: 'legacyClaimedRewards' },
      hasBonded: true,
      historyDepth: { kind: 'const', value: 84 },
    });
  });

  it("decodes staking-async's exposure page wrapper with its nominators in `others`", () => {
    const ah = assetHubRuntime();
    const entry = (ah.decorated.query.staking as Record<string, { meta: { type: { asMap: { value: Codec } } } }>)
      .erasStakersPaged!;
    const type = ah.registry.createLookupType(Number(entry.meta.type.asMap.value.toString()));
    const page = ah.registry.createTypeUnsafe(type, [{ pageTotal: 5n, others: [{ who: nominator, value: 5n }] }]);
    const decoded = ah.registry.createTypeUnsafe(type, [page.toU8a()]) as unknown as {
      others: { who: Codec; value: Codec }[];
    };
    expect(decoded.others.map((o) => [o.who.toString(), o.value.toString()])).toEqual([[nominator, '5']]);
  });
});

describe('payout batch calls', () => {
  it('is a forceBatch of payoutStakersByPage(validator, era, page) on Asset Hub', () => {
    const ah = assetHubRuntime();
    const kind = payoutCallKind(ah.decorated as never);
    expect(kind).toBe('payoutStakersByPage');
    const items = [
      { era: 8000, validator, page: 0 },
      { era: 8000, validator, page: 2 },
    ];
    const call = buildPayoutBatchCall(ah.calls, kind, items);
    const decoded = decodeCall(ah, call.toHex());
    expect([decoded.section, decoded.method]).toEqual(['utility', 'forceBatch']);
    const inner = decoded.args[0] as unknown as Call[];
    expect(inner.map((c) => [c.method, ...c.args.map(String)])).toEqual([
      ['payoutStakersByPage', validator, '8000', '0'],
      ['payoutStakersByPage', validator, '8000', '2'],
    ]);
  });

  it('drops the page where only payoutStakers exists', () => {
    const ah = assetHubRuntime();
    const call = buildPayoutBatchCall(ah.calls, 'payoutStakers', [{ era: 3, validator, page: 0 }]);
    expect((call.args[0] as unknown as Call[]).map((c) => [c.method, ...c.args.map(String)])).toEqual([
      ['payoutStakers', validator, '3'],
    ]);
  });
});
