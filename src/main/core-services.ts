import type { ApiServices } from '../api/services.js';
import { asChainUnavailable } from '../chain/connection.js';
import { toError } from '../chain/chain-logger.js';
import { NETWORK_DEFAULTS } from '../chain/network-defaults.js';
import { VersionedCache } from '../db/versioned-cache.js';
import { confirmSnapshot } from '../domain/candidates/confirm-snapshot.use-case.js';
import { earningWarnings } from '../domain/delegation/earning-warnings.js';
import { optIn } from '../domain/delegation/opt-in.use-case.js';
import { optOut } from '../domain/delegation/opt-out.use-case.js';
import { startRound } from '../domain/rounds/start-round.use-case.js';
import { jobStatus } from '../workers/job-status.js';
import { enqueueRound } from '../workers/queues.js';
import { systemClock, type Context } from './context.js';
import { keptStashWarnings } from './kept-stash-warnings.js';

/*
 * The core routes' services and the service's gauges, from the context. One object serves the
 * routes of the delegation, rounds and operations modules (the route plugins take it whole), so it
 * is built here, once, and handed to each of them by `buildFeatures`.
 */

/**
 * What needs the chain fails with 503 `CHAIN_UNAVAILABLE` while it cannot be reached (and the
 * message never carries the endpoint's URL); what does not need it keeps working.
 */
async function needingChain<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asChainUnavailable(error);
  }
}

/** The warning when the chain could not be read: never kept, the next request tries again. */
const CHAIN_UNREAD = 'The chain could not be read just now: whether this stash earns is unknown.';

export function apiServices(ctx: Context): ApiServices {
  // Read on each request: the writer exists only once the chain answered.
  const deps = () => ({
    authorize: ctx.authorize,
    delegations: ctx.delegations,
    chain: ctx.apiReader,
    writer: ctx.writer,
    setup: ctx.writer,
    codec: ctx.codec,
    clock: systemClock,
  });
  // The last era's elected set, as a set once per change of EraStat rather than per request.
  const lastEra = new VersionedCache<{ era: number; elected: Set<string> } | null>(ctx.changes, ['EraStat'], 1);
  const readLastEra = () =>
    lastEra.get('latest', async () => {
      const latest = await ctx.stats.latestEraStat();
      return latest ? { era: latest.era, elected: new Set(latest.elected) } : null;
    });
  return {
    codec: ctx.codec,
    // The read routes keep their answers until the tables they read change.
    changes: ctx.changes,
    optIn: (envelope) => needingChain(() => optIn(deps(), envelope)),
    optOut: (address, envelope) => needingChain(() => optOut(deps(), address, envelope)),
    delegations: ctx.delegations,
    rounds: ctx.rounds,
    snapshots: ctx.snapshots,
    startRound: async ({ dryRun }) => {
      const { round } = await needingChain(() =>
        startRound(
          {
            rounds: ctx.rounds,
            writer: ctx.writer,
            targetsPerDelegator: ctx.config.targetsPerDelegator,
            rotationEras: ctx.config.rotationEras,
          },
          { trigger: 'admin', dryRun, era: null },
        ),
      );
      await enqueueRound(ctx.queues.rounds, round.id);
      return round;
    },
    confirmSnapshot: (snapshotId) => confirmSnapshot({ snapshots: ctx.snapshots, clock: systemClock }, snapshotId),
    jobStatus: () => jobStatus(ctx.queues),
    finalizedBlockHash: (number) => ctx.beacon.finalizedHash(number),
    rewards: ctx.events,
    // The chain's own token once it answered; the network's before (amounts are stored in planck).
    token: () => (ctx.chainStatus() === null ? ctx.chain.token : NETWORK_DEFAULTS[ctx.config.network].token),
    warnings: keptStashWarnings({
      currentHead: () => {
        const heads = ctx.apiReader.heads();
        return heads.isLive() ? heads.latest() : null;
      },
      version: () => (ctx.changes.live() ? lastEra.version() : null),
      read: async (stash) => {
        // The chain parts are shared per block by the reader; the era's stats are kept until EraStat changes.
        const read = await Promise.resolve()
          .then(() => Promise.all([ctx.apiReader.stakingLimits(), ctx.apiReader.stashViews([stash]), readLastEra()]))
          .catch((e: unknown) => {
            ctx.logger.warn({ err: toError(e), stash }, 'earning warnings: chain read failed');
            return null;
          });
        // The delegation's own record does not depend on the chain being reachable right now.
        if (!read) return { block: null, warnings: [CHAIN_UNREAD] };
        const [limits, { at, views }, latest] = read;
        const view = views.get(stash) ?? { stash, ledger: null, proxies: [], nominations: null };
        const warnings = earningWarnings({ view, limits, elected: latest?.elected ?? null, era: latest?.era ?? null });
        return { block: at.hash, warnings };
      },
    }),
    stats: async (eras) => {
      const [counts, list, enteredTotal, fees] = await Promise.all([
        ctx.stats.statusCounts(),
        ctx.stats.eraStats(eras),
        ctx.stats.enteredTotal(),
        ctx.payouts.feesByEra(),
      ]);
      return { counts, eras: list, enteredTotal, fees };
    },
  };
}
