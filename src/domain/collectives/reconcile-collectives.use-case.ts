import type { Clock } from '../ports/clock-and-beacon.js';
import type { PoolChainReader } from '../pools/pool-chain.js';
import type { Planck } from '../shared/types.js';
import { expectedBalance } from './books.js';
import type { CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository } from './collective.repository.js';

/**
 * Compares each collective's books with its account's native balance on chain (the only token a
 * collective receives: staking rewards): what the account should hold is the operator's
 * endowment + received − paid out (expectedBalance). The difference (chain − expected: anything
 * sent to the account outside the indexer's view, a transfer or reward in flight, or a fault) is
 * stored and shown in the collective's details and in /metrics; it is reported, never corrected.
 * Removed collectives are checked too: their account may still hold something. The books are
 * read before the chain, and the balances of every account in one read at one block. Returns how
 * many collectives' books differ from the chain (what the worker's tick reports; 0 when all agree).
 */
export async function reconcileCollectives(deps: {
  collectives: CollectiveRepository;
  chain: Pick<PoolChainReader, 'balances'>;
  registries: Pick<CollectiveRegistries, 'nativeDenom'>;
  clock: Clock;
}): Promise<number> {
  const withAccount = (await deps.collectives.accounts()).filter((a) => a.account !== null);
  if (withAccount.length === 0) return 0;
  const denom = await deps.registries.nativeDenom();
  const lines: { id: string; account: string; expected: Planck }[] = [];
  for (const { id, account, endowment } of withAccount) {
    const sums = await deps.collectives.sums(id);
    lines.push({ id, account: account!, expected: expectedBalance(endowment, sums.get(denom)) });
  }
  const read = await deps.chain.balances(
    lines.map((l) => l.account),
    [{ kind: 'native' }],
  );
  const checkedAt = deps.clock.now();
  let differences = 0;
  for (const [i, line] of lines.entries()) {
    const chainBalance = read.value[i]!.amount;
    await deps.collectives.saveBookChecks(line.id, [
      {
        denom,
        chainBalance,
        expected: line.expected,
        difference: chainBalance - line.expected,
        at: read.at,
        checkedAt,
      },
    ]);
    if (chainBalance !== line.expected) differences++;
  }
  return differences;
}
