import type { ChainToken } from '../ports/chain-events.js';
import type { PoolChainReader } from './pool-chain.js';
import { chainTokenOf, type PoolRegistries } from './pool-registries.js';
import type { PoolRepository } from './pool.repository.js';
import type { BookCheck } from '../shared/book-check.js';

/**
 * Compares each pool's books with its account's balance on chain, per token: what the account
 * should hold is deposited − paid (owed and held are still there), plus, in the native token, the
 * existential deposit the operator gave it. A difference (anything sent to the account outside the
 * indexer's view, a transfer in flight, or a fault) is stored and shown in the pool's details and
 * in /metrics; it is reported, never corrected silently.
 */
export async function reconcilePools(deps: {
  pools: PoolRepository;
  chain: PoolChainReader;
  registries: Pick<PoolRegistries, 'tokens'>;
  clock: { now(): Date };
}): Promise<{ pools: number; differences: number }> {
  const tokens = await deps.registries.tokens();
  let pools = 0;
  let differences = 0;
  for (const { name, account } of await deps.pools.accounts()) {
    if (!account) continue;
    const pool = (await deps.pools.byName(name))!;
    const books = await deps.pools.books(pool.id);
    const unknown = await deps.pools.unknownDeposits(pool.id);
    const endowment = await deps.pools.endowment(pool.id);
    const lines: { denom: string; token: ChainToken; expected: bigint }[] = [];
    const nativeDenom = [...tokens].find(([, t]) => t.kind === 'native')?.[0] ?? null;
    for (const [denom, b] of books) {
      const t = tokens.get(denom);
      if (!t) continue;
      const token = chainTokenOf(t);
      lines.push({ denom, token, expected: b.deposited - b.paid + (t.kind === 'native' ? endowment : 0n) });
    }
    if (nativeDenom && !books.has(nativeDenom))
      lines.push({ denom: nativeDenom, token: { kind: 'native' }, expected: endowment });
    for (const u of unknown)
      lines.push({ denom: `asset:${u.assetId}`, token: { kind: 'asset', assetId: u.assetId }, expected: u.amount });
    if (lines.length === 0) continue;
    const read = await deps.chain.balances(
      [account],
      lines.map((l) => l.token),
    );
    const checks: BookCheck[] = lines.map((l, i) => {
      const chainBalance = read.value[i]!.amount;
      return {
        denom: l.denom,
        chainBalance,
        expected: l.expected,
        difference: chainBalance - l.expected,
        at: read.at,
        checkedAt: deps.clock.now(),
      };
    });
    await deps.pools.saveBookChecks(pool.id, checks);
    pools++;
    differences += checks.filter((c) => c.difference !== 0n).length;
  }
  return { pools, differences };
}
