import { detectCapabilities, type CapabilitySource, type ChainCapabilities } from './capabilities.js';

/** How the runtime records exposures and paid rewards, read from its metadata only. */
export interface PayoutCapabilities {
  payoutCall: ChainCapabilities['payoutCall'];
  /**
   * `erasStakersOverview` + `erasStakersPaged` (staking-async, paged pallet-staking) or one
   * exposure per validator and era (older pallet-staking).
   */
  pagedExposure: boolean;
  /**
   * The unpaged exposure a payout pays: `erasStakersClipped` (only the top nominators are paid)
   * or `erasStakers` where there is no clipped copy. On paged runtimes that still have it, it is
   * the single page 0 of eras without an overview (paid before paging was enacted).
   */
  legacyExposure: 'erasStakersClipped' | 'erasStakers' | null;
  claimedRewards: ChainCapabilities['claimedRewards'];
  hasBonded: boolean;
  historyDepth: { kind: 'const'; value: number } | { kind: 'storage' } | { kind: 'unknown' };
}

export function detectPayoutCapabilities(src: CapabilitySource): PayoutCapabilities {
  const staking = src.query.staking ?? {};
  const caps = detectCapabilities(src);
  const depthConst = src.consts.staking?.historyDepth as { toNumber(): number } | undefined;
  return {
    payoutCall: caps.payoutCall,
    pagedExposure: staking.erasStakersOverview !== undefined && staking.erasStakersPaged !== undefined,
    legacyExposure:
      staking.erasStakersClipped !== undefined
        ? 'erasStakersClipped'
        : staking.erasStakers !== undefined
          ? 'erasStakers'
          : null,
    claimedRewards: caps.claimedRewards,
    hasBonded: caps.hasBonded,
    historyDepth: depthConst
      ? { kind: 'const', value: depthConst.toNumber() }
      : staking.historyDepth !== undefined
        ? { kind: 'storage' }
        : { kind: 'unknown' },
  };
}
