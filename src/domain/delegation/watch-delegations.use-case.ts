import { DomainError } from '../errors.js';
import type { ChainReader, StakingLimits, StashView } from '../ports/chain-reading.js';
import type { Clock } from '../ports/clock-and-beacon.js';
import type { Address, BlockRef } from '../shared/types.js';
import { observeDelegation } from './delegation-rules.js';
import { DEFAULT_PENDING_EXPIRY_MS, pendingExpiry, pendingExpiryCutoff } from './pending-expiry.js';
import type { DelegationRepository } from './delegation.repository.js';
import type { DelegationStatus } from './types.js';
import { DEFAULT_PACING, readInPages } from '../rounds/pacing.js';

export interface WatchDeps {
  delegations: DelegationRepository;
  chain: Pick<ChainReader, 'stashViews' | 'stakingLimits'>;
  operator: Address | null;
  clock: Clock;
  /** How long a pending delegation waits for its proxy (PENDING_EXPIRY_MS); default 7 days. */
  pendingExpiryMs?: number;
}

export interface WatchReport {
  checked: number;
  changes: { stash: Address; from: DelegationStatus; to: DelegationStatus; reason: string }[];
  at: { hash: string; number: number } | null;
}

const CHUNK = 500;
const WATCHED: DelegationStatus[] = ['pending', 'active'];

/**
 * Compares every pending and active delegation (or only those of `only`, when the indexer saw
 * something happen to them) with the chain and records each status change. A pending one whose
 * proxy is still missing after `pendingExpiryMs` expires.
 */
export async function watchDelegations(
  deps: WatchDeps,
  only?: Address[],
  options: {
    /** The block where the service signed the nominations in flight for `only`: changes since are the user's. */
    signedAt?: BlockRef;
  } = {},
): Promise<WatchReport> {
  const report: WatchReport = { checked: 0, changes: [], at: null };
  if (!deps.operator) return report; // read-only: there is no proxy to look for
  // A narrowed look (a round's re-check of one batch, the indexer's stashes of one block) reads
  // only those delegations; a full pass reads them a page at a time, so that 100,000 rows never
  // hold the event loop (the API may share the process) nor get read once per batch of a round.
  const watched = (
    only
      ? await deps.delegations.findByStashes([...new Set(only)])
      : await readInPages(deps.delegations, WATCHED, DEFAULT_PACING)
  ).filter((d) => WATCHED.includes(d.status));
  if (watched.length === 0) return report;
  const limits = await deps.chain.stakingLimits();
  const expiryMs = deps.pendingExpiryMs ?? DEFAULT_PENDING_EXPIRY_MS;
  for (let i = 0; i < watched.length; i += CHUNK) {
    const chunk = watched.slice(i, i + CHUNK);
    const stashes = chunk.map((d) => d.stash);
    const [{ at, views }, inFlight, before] = await Promise.all([
      deps.chain.stashViews(stashes),
      deps.delegations.inFlightTargets(stashes),
      options.signedAt ? deps.chain.stashViews(stashes, options.signedAt) : Promise.resolve(null),
    ]);
    report.at = at;
    const whenSigned = (stash: Address) =>
      before ? { nominationsWhenSigned: before.views.get(stash)?.nominations?.targets ?? null } : {};
    for (const delegation of chunk) {
      const view = views.get(delegation.stash) ?? {
        stash: delegation.stash,
        ledger: null,
        proxies: [],
        nominations: null,
      };
      let change = observeDelegation({
        delegation,
        view,
        limits,
        operator: deps.operator,
        inFlightTargets: inFlight.get(delegation.stash) ?? null,
        ...whenSigned(delegation.stash),
      });
      report.checked++;
      if (change?.to === 'manual')
        change = await recheckManual(deps, delegation.stash, view, limits, whenSigned(delegation.stash));
      const now = deps.clock.now();
      let expiryCutoff: Date | undefined;
      if (!change) {
        change = pendingExpiry({ delegation, view, operator: deps.operator, now, expiryMs });
        // Only if it is still the same pending spell: not activated (nor re-entered) since we read it.
        if (change) expiryCutoff = pendingExpiryCutoff(now, expiryMs);
      }
      if (!change) continue;
      try {
        await deps.delegations.transition({
          stash: delegation.stash,
          expectedFrom: delegation.status,
          to: change.to,
          reason: `${change.reason} (block #${at.number})`,
          source: 'watcher',
          at: now,
          ...(expiryCutoff ? { statusSinceAtMost: expiryCutoff } : {}),
        });
      } catch (e) {
        // The user opted out (or in) while we read the chain: their request wins; look again next time.
        if (e instanceof DomainError && e.kind === 'conflict') continue;
        throw e;
      }
      report.changes.push({ stash: delegation.stash, from: delegation.status, to: change.to, reason: change.reason });
    }
  }
  return report;
}

/**
 * A round may have recorded its outcome between our reads of the delegations and of the chain.
 * Read the nominations in flight first, then the delegation: whichever way the recording fell,
 * one of the two then holds what the service set.
 */
async function recheckManual(
  deps: WatchDeps,
  stash: Address,
  view: StashView,
  limits: StakingLimits,
  whenSigned: { nominationsWhenSigned?: Address[] | null },
) {
  const inFlight = await deps.delegations.inFlightTargets([stash]);
  const fresh = await deps.delegations.findByStash(stash);
  if (!fresh || !deps.operator) return null;
  return observeDelegation({
    delegation: fresh,
    view,
    limits,
    operator: deps.operator,
    inFlightTargets: inFlight.get(stash) ?? null,
    ...whenSigned,
  });
}
