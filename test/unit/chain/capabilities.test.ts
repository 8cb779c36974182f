import { describe, expect, it } from 'vitest';
import { ASSET_HUB_METADATA, assetHubRuntime, relayKusamaRuntime } from '../../support/chain-metadata.js';

describe('detectCapabilities on real Asset Hub metadata (staking-async)', () => {
  it.each([ASSET_HUB_METADATA.kusama, ASSET_HUB_METADATA.polkadot, ASSET_HUB_METADATA.kusamaDec2025])(
    '%s: paged payouts, overview exposure, claimedRewards storage, Staking proxy, quota runtime API',
    (file) => {
      const caps = assetHubRuntime(file).capabilities;
      expect(caps).toEqual({
        payoutCall: 'payoutStakersByPage',
        activeSetSource: 'erasStakersOverview',
        hasForceBatch: true,
        hasProxy: true,
        hasMinimumActiveStake: true,
        hasBonded: true,
        claimedRewards: { storage: true, ledgerField: null },
        maxNominations: { kind: 'runtimeApi' },
        stakingProxyType: 'Staking',
      });
    },
  );

  it('reports what is missing from a runtime without the Proxy pallet', () => {
    const caps = assetHubRuntime(ASSET_HUB_METADATA.kusamaSubset).capabilities;
    expect(caps.hasProxy).toBe(false);
    expect(caps.stakingProxyType).toBeNull();
    expect(caps.payoutCall).toBe('payoutStakersByPage');
    expect(caps.hasForceBatch).toBe(true);
  });
});

describe('detectCapabilities on the Kusama relay metadata of @polkadot/types-support (v14, paged pallet-staking)', () => {
  it('finds the paged payout and overview storage next to the legacy ledger field, and no quota source', () => {
    const caps = relayKusamaRuntime().capabilities;
    expect(caps).toEqual({
      payoutCall: 'payoutStakersByPage',
      activeSetSource: 'erasStakersOverview',
      hasForceBatch: true,
      hasProxy: true,
      hasMinimumActiveStake: true,
      hasBonded: true,
      claimedRewards: { storage: true, ledgerField: 'legacyClaimedRewards' },
      // v14 metadata lists no runtime APIs and this runtime has no maxNominations constant.
      maxNominations: { kind: 'unknown' },
      stakingProxyType: 'Staking',
    });
  });
});
