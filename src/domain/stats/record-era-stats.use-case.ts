import type { DelegationRepository } from '../delegation/delegation.repository.js';
import type { ChainReader } from '../ports/chain-reading.js';
import type { EraStat, StatsRepository } from './types.js';
import { DEFAULT_PACING, readInPages } from '../rounds/pacing.js';

export interface RecordEraStatsDeps {
  stats: StatsRepository;
  delegations: Pick<DelegationRepository, 'pageByStatus'>;
  chain: Pick<ChainReader, 'validatorSet' | 'stashViews'>;
}

const CHUNK = 500;

/**
 * The public record of an era, taken when the service first sees it active (before that era's
 * round changes any nomination): the targets then are the ones the election saw.
 */
export async function recordEraStats(deps: RecordEraStatsDeps): Promise<EraStat> {
  const view = await deps.chain.validatorSet();
  const existing = await deps.stats.eraStat(view.activeEra);
  if (existing) return existing;
  // A page at a time: 100,000 delegations read at once would hold the event loop the API may share.
  const active = await readInPages(deps.delegations, ['active'], DEFAULT_PACING);
  const pending = await readInPages(deps.delegations, ['pending'], DEFAULT_PACING);
  let stake = 0n;
  for (let i = 0; i < active.length; i += CHUNK) {
    const { views } = await deps.chain.stashViews(active.slice(i, i + CHUNK).map((d) => d.stash));
    for (const v of views.values()) stake += v.ledger?.active ?? 0n;
  }
  const nominated = [...new Set(active.flatMap((d) => d.targets))].sort();
  const elected = [...view.elected].sort();
  const before = await deps.stats.eraStat(view.activeEra - 1);
  const entered = before ? nominated.filter((v) => view.elected.has(v) && !before.elected.includes(v)) : [];
  const stat: EraStat = {
    era: view.activeEra,
    delegatorsActive: active.length,
    delegatorsPending: pending.length,
    stake,
    nominated,
    elected,
    entered,
  };
  await deps.stats.saveEraStat(stat);
  return stat;
}
