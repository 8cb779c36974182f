import type { ChainTransfer } from '../ports/chain-events.js';
import type { Address } from '../shared/types.js';
import { unixSeconds } from './accrue-lines.js';
import { periodOf } from './period-maths.js';
import { poolTokenKey } from './pool-chain.js';
import { chainTokenOf, type PoolRegistries } from './pool-registries.js';
import type { PoolRepository } from './pool.repository.js';

/**
 * Books the transfers into pools' accounts that a finalized block holds (the indexer calls it
 * before its cursor moves past the block; booking is once per block hash and event index, so a
 * block seen again books nothing twice). Dynamic pools book into the period running now, by the
 * service's clock (DESIGN §8: time is the service's), or period −1 before claimStart (paid out in
 * period 0). Transfers of an asset the registry does not know are booked apart: held, never
 * distributed. The operator's own transfers (the existential deposit it gives each new account)
 * are not deposits.
 */
export async function bookPoolDeposits(
  deps: {
    pools: PoolRepository;
    registries: Pick<PoolRegistries, 'tokens'>;
    operator: Address | null;
    clock: { now(): Date };
  },
  transfers: ChainTransfer[],
): Promise<number> {
  const incoming = transfers.filter((t) => t.from === null || t.from !== deps.operator);
  // One read for the block: nearly every block moves tokens, rarely into a pool.
  const poolOf = await deps.pools.namesByAccount(incoming.map((t) => t.to));
  if (poolOf.size === 0) return 0;
  const denoms = new Map<string, string>();
  for (const [denom, token] of await deps.registries.tokens()) denoms.set(poolTokenKey(chainTokenOf(token)), denom);
  let booked = 0;
  for (const t of incoming) {
    const name = poolOf.get(t.to);
    if (name === undefined) continue;
    const denom = denoms.get(poolTokenKey(t.token)) ?? null;
    const done = await deps.pools.withPool(name, async (unit) => {
      const p = unit.pool;
      const now = deps.clock.now();
      const period = p.dynamicRate
        ? (periodOf(p.claimStart, p.dynamicRatePeriod!, unixSeconds(now))?.index ?? -1)
        : null;
      return unit.bookDeposit(
        {
          denom,
          assetId: t.token.kind === 'asset' ? t.token.assetId : null,
          amount: t.amount,
          from: t.from,
          block: { hash: t.blockHash, number: t.blockNumber },
          eventIndex: t.eventIndex,
        },
        period,
        now,
      );
    });
    if (done) booked++;
  }
  return booked;
}
