import type { KeyringPair } from '@polkadot/keyring/types';
import type { DevChain, SubmitOutcome } from './dev-chain.js';

/**
 * Gives validators era reward points (`Staking.ErasRewardPoints`, added to what the era already
 * has). Blocks built by Chopsticks earn no authoring points, so without this every payout is zero.
 * Inject for the era that is running (activeEra), before it ends: ending it fixes the era's total
 * reward, and a payout then splits it by these points.
 */
export async function injectRewardPoints(
  chain: DevChain,
  era: number,
  pointsByValidator: Record<string, number>,
): Promise<void> {
  const current = (await chain.api.query.staking.erasRewardPoints(era)).toJSON() as {
    individual: Record<string, number>;
  };
  const individual = { ...current.individual };
  for (const [validator, points] of Object.entries(pointsByValidator)) {
    individual[validator] = (individual[validator] ?? 0) + points;
  }
  const total = Object.values(individual).reduce((a, b) => a + b, 0);
  // A BTreeMap is given as an object (an array of pairs is not understood by dev_setStorage).
  await chain.rpc('dev_setStorage', [{ Staking: { ErasRewardPoints: [[[era], { total, individual }]] } }]);
}

/** Someone other than the service pays `validator`'s rewards of `era` (page 0 where pages exist). */
export function payoutByHand(
  chain: DevChain,
  signer: KeyringPair,
  validator: string,
  era: number,
  page = 0,
): Promise<SubmitOutcome> {
  const staking = chain.api.tx.staking as unknown as Record<string, (...args: unknown[]) => never>;
  const call = staking.payoutStakersByPage
    ? staking.payoutStakersByPage(validator, era, page)
    : staking.payoutStakers!(validator, era);
  return chain.submit(call, signer);
}
