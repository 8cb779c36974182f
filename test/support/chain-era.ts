import {
  type RealEraOptions,
  assetHubActiveEra,
  assetHubElected,
  injectAssetHubEra,
  realAssetHubEraCycle,
  type InjectEraOptions,
} from './asset-hub-era.js';
import { injectRewardPoints } from './chain-rewards.js';
import type { DevChain } from './dev-chain.js';
import { advanceRelayEra, setRelayValidatorCount } from './relay-era.js';

/**
 * Era changes on either local runtime, for tests that need "the next era" and not how it comes:
 * on Asset Hub the election's results are injected and the era activated by a session report
 * (asset-hub-era.ts); on the relay runtime a real, Sudo-forced era with the fallback election
 * (relay-era.ts). `realEra` runs Asset Hub's multi-block election instead (minutes, not seconds).
 */

export interface AdvanceEraOptions extends InjectEraOptions, Pick<RealEraOptions, 'onProgress'> {
  /** Asset Hub only: a real election cycle (the chain must run its offchain worker). */
  realEra?: boolean;
}

export async function activeEraIndex(chain: DevChain): Promise<number> {
  return (await assetHubActiveEra(chain)).index;
}

/** How many validators the next election picks (Asset Hub's genesis: 4; the relay specs: 2). */
export async function setValidatorCount(chain: DevChain, count: number): Promise<void> {
  if (chain.runtime === 'relay') return setRelayValidatorCount(chain, count);
  await chain.rpc('dev_setStorage', [{ Staking: { ValidatorCount: count } }]);
}

/**
 * The next era. Reward points: on Asset Hub 20 for each validator of the ending era unless
 * `rewardPoints` says otherwise; on the relay runtime only the `rewardPoints` given. `elected` and
 * `pageSize` shape Asset Hub's injected election (the relay's election decides by itself).
 */
export async function advanceEra(chain: DevChain, options: AdvanceEraOptions = {}): Promise<number> {
  if (chain.runtime === 'asset-hub')
    return options.realEra ? realAssetHubEraCycle(chain, options) : injectAssetHubEra(chain, options);
  if (options.elected || options.pageSize || options.realEra)
    throw new Error('the relay runtime elects by itself: elected, pageSize and realEra are Asset Hub options');
  if (options.rewardPoints) await injectRewardPoints(chain, await activeEraIndex(chain), options.rewardPoints);
  return advanceRelayEra(chain);
}

/** 20 points for each validator of the active era: as if each had authored its share of blocks. */
export async function activeSetPoints(chain: DevChain): Promise<Record<string, number>> {
  const active = await electedValidators(chain, await activeEraIndex(chain));
  return Object.fromEntries(active.map((v) => [v, 20]));
}

/** The validators exposed (elected) in `era`. */
export async function electedValidators(chain: DevChain, era: number): Promise<string[]> {
  if (chain.runtime === 'asset-hub') return assetHubElected(chain, era);
  const keys = await chain.api.query.staking.erasStakers.keys(era);
  return keys.map((k) => chain.keyring.encodeAddress(k.args[1]!.toU8a(), 2));
}

/** The nominators on each exposure page of `validator` in `era` (one page on the relay runtime). */
export async function exposurePages(chain: DevChain, era: number, validator: string): Promise<string[][]> {
  const whoOf = (others: { who: string }[]) => others.map((o) => chain.keyring.encodeAddress(o.who, 2));
  if (chain.runtime === 'relay') {
    const x = (await chain.api.query.staking.erasStakersClipped(era, validator)).toJSON() as {
      others: { who: string }[];
    };
    return [whoOf(x.others)];
  }
  const overview = (await chain.api.query.staking.erasStakersOverview(era, validator)).toJSON() as {
    pageCount: number;
  } | null;
  const pages: string[][] = [];
  for (let page = 0; page < (overview?.pageCount ?? 0); page++) {
    const p = (await chain.api.query.staking.erasStakersPaged(era, validator, page)).toJSON() as {
      others: { who: string }[];
    } | null;
    pages.push(whoOf(p?.others ?? []));
  }
  return pages;
}
