import type { Address, Planck } from '../shared/types.js';
import { collectiveBooks } from './books.js';
import type { CollectiveUnit } from './collective.repository.js';
import { splitAmongPools } from './pool-split.js';
import type { Bond, Distribution, NewCollectiveTransfer } from './types.js';

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
