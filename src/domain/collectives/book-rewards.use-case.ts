import type { Clock } from '../ports/clock-and-beacon.js';
import type { ChainEvent } from '../ports/chain-events.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';
import type { StakeReader } from './collective-chain.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository } from './collective.repository.js';
import { splitReward } from './reward-split.js';
import type { Contributor, NewCollectiveTransfer } from './types.js';

export interface BookRewardsDeps {
  collectives: CollectiveRepository;
  stakes: StakeReader;
  registries: Pick<CollectiveRegistries, 'nativeDenom'>;
  clock: Clock;
}

/** What the stash commits to the collective now in the native token: counting bonds only. */
function nativeCommitment(contributor: Contributor | undefined, denom: string): Planck {
  if (contributor === undefined || contributor.status !== 'counting') return 0n;
  return contributor.bonds.filter((b) => b.denom === denom).reduce((sum, b) => sum + b.amount, 0n);
}

/** A `staking.Rewarded` whose payout went to an account (not restaked, not to the stash). */
const paidToAccount = (e: ChainEvent): e is ChainEvent & { amount: Planck } =>
  e.kind === 'rewarded' &&
  e.detail.dest === 'Account' &&
  typeof e.detail.destAccount === 'string' &&
  e.amount !== null &&
  e.amount > 0n;

/**
 * Books the rewards a finalized block paid to collectives' accounts (the indexer hands it the
 * block's `rewarded` events before its cursor moves past the block). Each reward is split once
 * (splitReward) by what its stash commits to that collective and by the stash's active bond at
 * that very block (one batched read for the block), and the uncommitted share is owed back to the
 * stash. A stash that does not count in the collective (released, breached, never contributed,
 * or whose destination still points here after it left) gets its reward back in full. Booking is
 * once per (block hash, event key): a block indexed again books nothing twice, and the return
 * transfer is only added with the booking. Rewards while the registry lists no native token are
 * not booked (there is no denom to book them in); the reconciliation shows the difference once
 * it is listed again. Returns how many rewards were booked.
 */
export async function bookCollectiveRewards(
  deps: BookRewardsDeps,
  events: ChainEvent[],
  block: BlockRef,
): Promise<number> {
  const paid = events.filter(paidToAccount);
  if (paid.length === 0) return 0;
  // One read for the block: payouts to accounts are common, to a collective's rarer.
  const collectiveOf = await deps.collectives.namesByAccount([...new Set(paid.map((e) => e.detail.destAccount!))]);
  const byCollective = new Map<string, (typeof paid)[number][]>();
  for (const e of paid) {
    const name = collectiveOf.get(e.detail.destAccount!);
    if (name === undefined) continue;
    byCollective.set(name, [...(byCollective.get(name) ?? []), e]);
  }
  if (byCollective.size === 0) return 0;
  const denom = await deps.registries.nativeDenom();
  const stashes = [...new Set([...byCollective.values()].flat().map((e) => e.account))];
  const stakes = await deps.stakes.stakes(stashes, null, block);
  let booked = 0;
  for (const [name, rewards] of byCollective) {
    booked += await deps.collectives.withCollective(name, async (unit) => {
      const contributors = new Map<Address, Contributor>((await unit.contributors()).map((c) => [c.address, c]));
      const now = deps.clock.now();
      const returns: NewCollectiveTransfer[] = [];
      let count = 0;
      for (const e of rewards) {
        const contributor = contributors.get(e.account);
        const split = splitReward({
          amount: e.amount,
          committed: nativeCommitment(contributor, denom),
          active: stakes.value.get(e.account)?.active ?? null,
          donation: contributor?.donation ?? '0',
        });
        const fresh = await unit.bookReward({
          stash: e.account,
          era: e.era,
          denom,
          amount: e.amount,
          ...split,
          block,
          eventKey: e.key,
          bookedAt: now,
        });
        if (!fresh) continue;
        count++;
        if (split.returned > 0n)
          returns.push({
            kind: 'return',
            address: e.account,
            poolName: null,
            denom,
            amount: split.returned,
            distributionId: null,
            proposalId: null,
          });
      }
      if (returns.length > 0) await unit.addTransfers(returns, now);
      return count;
    });
  }
  return booked;
}
