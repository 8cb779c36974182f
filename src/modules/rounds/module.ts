import type { Logger } from 'pino';
import type { RouteRegistration } from '../../api/build-app.js';
import { candidatesRoutes } from '../../api/routes/candidates.routes.js';
import { roundsRoutes } from '../../api/routes/rounds.routes.js';
import type { ApiServices } from '../../api/services.js';
import type { ServiceStateRepository } from '../../db/service-state.repository.js';
import type { RefreshCandidatesDeps } from '../../domain/candidates/refresh-candidates.use-case.js';
import type { ChainReader } from '../../domain/ports/chain-reading.js';
import type { Round } from '../../domain/rounds/types.js';
import { startRound, type StartRoundDeps } from '../../domain/rounds/start-round.use-case.js';
import { candidatesRefreshProcessor } from '../../workers/processors/candidates-refresh.processor.js';
import { eraWatcherCheck, eraWatchProcessor } from '../../workers/processors/era-watch.processor.js';
import { roundProcessor } from '../../workers/processors/round.processor.js';
import { QUEUES } from '../../workers/queues.js';
import type { FeatureModule } from '../feature-module.js';

/** What the rounds' workers need; built in the worker once the chain answered. */
export interface RoundsWorkerDeps {
  /** A round's run, but its re-plan (which this module makes: the era's own round). */
  run: Omit<Parameters<typeof roundProcessor>[0], 'replan'>;
  start: StartRoundDeps;
  chain: Pick<ChainReader, 'activeEra'>;
  state: ServiceStateRepository;
  /** The public record of the era (stats), taken before its round changes nominations. */
  recordEra: () => Promise<unknown>;
  /** An era changed: its payout sweep (the payouts module's queue). */
  enqueuePayouts: (era: number) => Promise<void>;
  refresh: RefreshCandidatesDeps;
  unfinished: () => Promise<Pick<Round, 'id' | 'status'>[]>;
}

export interface RoundsModuleDeps {
  /** The core routes' services (one object shared by the core modules' routes). */
  services: ApiServices;
  /** Where the era watcher leaves its heartbeat (PostgreSQL: it outlives Redis). */
  state: Pick<ServiceStateRepository, 'get'>;
  /** Adds a round's job once (deterministic id), or retries its failed one. */
  enqueueRound: (roundId: string) => Promise<void>;
  logger: Logger;
  /** ERA_POLL_MS. */
  eraPollMs: number;
  /** CANDIDATES_REFRESH_MS. */
  candidatesRefreshMs: number;
  worker: () => RoundsWorkerDeps;
}

/**
 * Rounds and candidates: their public reads (`/v1/rounds`, `/v1/candidates`); the queues that run
 * rounds (on demand: one job per round), watch the era (a new era starts its round and its payout
 * sweep) and refresh the candidates; the era watcher's heartbeat in readiness. The admin
 * operations on rounds and candidates (`/v1/admin/rounds`, `/v1/admin/candidates/confirm`) are
 * one plugin with `/v1/admin/jobs`: the operations module mounts it.
 */
export function roundsModule(deps: RoundsModuleDeps): FeatureModule {
  const options = { services: deps.services };
  return {
    name: 'rounds',
    routes: [candidatesRoutes, roundsRoutes].map((plugin) => ({
      plugin: plugin as RouteRegistration['plugin'],
      options,
    })),
    readiness: {
      // The workers' heartbeat: rounds start from the era watcher, whose schedule lives in Redis.
      eraWatcher: eraWatcherCheck(deps.state, {
        maxAgeMs: Math.max(3 * deps.eraPollMs, 60_000),
        since: new Date(),
      }),
    },
    workers: () => {
      const built = deps.worker();
      const log = deps.logger;
      return [
        {
          // Serial: one signer sends in nonce order.
          name: QUEUES.rounds,
          processor: roundProcessor(
            {
              ...built.run,
              // The era's own round (one per era, whoever creates it first: this or the era watcher).
              replan: async (era) => {
                const { round } = await startRound(built.start, { trigger: 'era', dryRun: false, era });
                await deps.enqueueRound(round.id);
              },
            },
            log,
          ),
          // Rounds interrupted by a crash resume; a job still locked by a dead worker is taken over when its lock expires.
          resume: async () => {
            for (const round of await built.unfinished()) {
              await deps.enqueueRound(round.id);
              log.info({ roundId: round.id, status: round.status }, 'unfinished round re-enqueued');
            }
          },
        },
        {
          name: QUEUES.eraWatch,
          everyMs: deps.eraPollMs,
          // Once per era whatever the number of workers (the era is compared in PostgreSQL).
          serial: false,
          processor: eraWatchProcessor(
            {
              chain: built.chain,
              state: built.state,
              startRound: built.start,
              enqueueRound: deps.enqueueRound,
              recordEra: built.recordEra,
              enqueuePayouts: built.enqueuePayouts,
            },
            log,
          ),
        },
        {
          name: QUEUES.candidatesRefresh,
          everyMs: deps.candidatesRefreshMs,
          serial: false,
          processor: candidatesRefreshProcessor(built.refresh, log),
        },
      ];
    },
  };
}
