import type { Clock } from '../ports/clock-and-beacon.js';
import { unixSeconds } from '../pools/accrue-lines.js';
import type { Address, Planck } from '../shared/types.js';
import { collectiveBooks } from './books.js';
import { claimDue } from './claim-schedule.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository, CollectiveUnit } from './collective.repository.js';
import { splitAmongPools } from './pool-split.js';
import type { Bond, CollectiveStatus, Distribution, NewCollectiveTransfer } from './types.js';

/** The collective's spending pools as the pool registry knows them now (absent: gone). */
export type PoolAccounts = Map<string, { account: Address | null }>;

/**
 * A claim (or, at removal, the final distribution) of a collective, inside its lock: per token,
 * what awaits the pools is split among them by share and owed to their accounts (kind pool); a
 * final one also sends the donations still held, split the same way (kind donation, to the
 * pools). A pool without an account yet, or gone from the registry, gets nothing now: its part
 * stays awaiting (or held) in the collective's books for a later claim, like the split's dust.
 * The distribution is recorded every time, even when nothing was sent, since lastDistro moves
 * at every claim (DESIGN §8); its amounts are the totals sent per token (tokens with nothing sent
 * are left out). The transfers are paid by the operator's next transfer batch.
 */
export async function distributeToPools(
  unit: CollectiveUnit,
  pools: PoolAccounts,
  kind: 'claim' | 'final',
  at: number,
): Promise<Distribution> {
  const shares = unit.collective.spendingPools;
  const transfers: Omit<NewCollectiveTransfer, 'distributionId'>[] = [];
  const amounts: Bond[] = [];
  for (const [denom, sums] of await unit.sums()) {
    const books = collectiveBooks(sums);
    let sent = 0n;
    const send = (amount: Planck, transferKind: 'pool' | 'donation') => {
      for (const part of splitAmongPools(amount, shares)) {
        const address = pools.get(part.name)?.account ?? null;
        if (address === null || part.amount === 0n) continue;
        transfers.push({
          kind: transferKind,
          address,
          poolName: part.name,
          denom,
          amount: part.amount,
          proposalId: null,
        });
        sent += part.amount;
      }
    };
    send(books.awaiting, 'pool');
    if (kind === 'final') send(books.donationsHeld, 'donation');
    if (sent > 0n) amounts.push({ denom, amount: sent });
  }
  const id = await unit.recordDistribution({ kind, at, amounts });
  if (transfers.length > 0)
    await unit.addTransfers(
      transfers.map((t) => ({ ...t, distributionId: id })),
      new Date(at * 1000),
    );
  return { id, kind, at, amounts };
}

export interface ClaimDeps {
  collectives: CollectiveRepository;
  registries: Pick<CollectiveRegistries, 'pools'>;
  clock: Clock;
  /** The collective's status now, computed afresh and stored by the caller (the bonded value may have moved). */
  status: (unit: CollectiveUnit, now: Date) => Promise<CollectiveStatus>;
}

/**
 * The worker's claims: every live collective whose claim is due (claimDue) distributes to its
 * pools, each in its own change. The transfers of all of them are owed together and go out in
 * the operator's shared transfer batches, so that distributions of many collectives are grouped.
 * One collective's failure does not hold back the others' claims; it is thrown once they ran.
 * Returns how many collectives claimed.
 */
export async function runClaims(deps: ClaimDeps): Promise<number> {
  const now = deps.clock.now();
  const seconds = unixSeconds(now);
  let claimed = 0;
  const failures: unknown[] = [];
  for (const name of await deps.collectives.liveNames()) {
    try {
      const done = await deps.collectives.withCollective(name, async (unit) => {
        const status = await deps.status(unit, now);
        if (!claimDue(unit.collective, status, seconds)) return false;
        const pools = await deps.registries.pools(unit.collective.spendingPools.map((p) => p.name));
        await distributeToPools(unit, pools, 'claim', seconds);
        return true;
      });
      if (done) claimed++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} collectives' claims failed`);
  return claimed;
}
