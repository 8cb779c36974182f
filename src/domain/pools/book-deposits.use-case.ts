import type { ChainTransfer } from '../ports/chain-events.js';
import type { Address } from '../shared/types.js';
import { unixSeconds } from './accrue-lines.js';
import { periodOf } from './period-maths.js';
import type { PoolRegistries } from './pool-registries.js';
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
  let booked = 0;
  let denoms: Map<string, string | null> | null = null;
  for (const t of transfers) {
    if (t.from !== null && t.from === deps.operator) continue;
    const pool = await deps.pools.byAccount(t.to);
    if (!pool) continue;
    if (!denoms) {
      denoms = new Map();
      for (const [denom, token] of await deps.registries.tokens())
        denoms.set(token.kind === 'native' ? 'native' : `asset:${token.assetId}`, denom);
    }
    const denom = denoms.get(t.token.kind === 'native' ? 'native' : `asset:${t.token.assetId}`) ?? null;
    const done = await deps.pools.withPool(pool.name, async (unit) => {
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
