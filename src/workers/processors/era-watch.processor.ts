import type { Logger } from 'pino';
import type { ChainReader } from '../../domain/ports/chain-reading.js';
import { startRound, type StartRoundDeps } from '../../domain/rounds/start-round.use-case.js';
import type { ServiceStateRepository } from '../../db/service-state.repository.js';

const LAST_ERA = 'era-watch.last-active-era';
/** When the era watcher last finished a run (ISO time), for readiness: in PostgreSQL, which outlives Redis. */
export const ERA_WATCH_LAST_RUN = 'era-watch.last-run';

/**
 * Readiness of the era watcher: an error when it has not finished a run for `maxAgeMs` (its
 * scheduler lost with Redis' data and not back, no worker running, the chain unreadable). Before
 * its first run, the process that asks gets the same grace from its own start.
 */
export function eraWatcherCheck(
  state: Pick<ServiceStateRepository, 'get'>,
  options: { maxAgeMs: number; since: Date; now?: () => Date },
) {
  const now = options.now ?? (() => new Date());
  return async (): Promise<void> => {
    const last = await state.get(ERA_WATCH_LAST_RUN);
    const at = last ? new Date(last) : null;
    const age = now().getTime() - (at ?? options.since).getTime();
    if (age <= options.maxAgeMs) return;
    const seconds = Math.round(age / 1000);
    throw new Error(
      at
        ? `the era watcher last ran ${seconds} s ago (expected every ${Math.round(options.maxAgeMs / 3000)} s)`
        : `the era watcher has not run in the ${seconds} s since this process started`,
    );
  };
}

/**
 * Rounds follow the chain: a change of `activeEra` starts one (once per era, whatever the
 * number of workers). The first era ever seen is only recorded.
 */
export function eraWatchProcessor(
  deps: {
    chain: Pick<ChainReader, 'activeEra'>;
    state: ServiceStateRepository;
    startRound: StartRoundDeps;
    enqueueRound: (roundId: string) => Promise<void>;
    /** The public record of the era (stats), taken before its round changes nominations. */
    recordEra: () => Promise<unknown>;
    enqueuePayouts: (era: number) => Promise<void>;
  },
  logger: Logger,
) {
  return async () => {
    const result = await watch();
    await deps.state.set(ERA_WATCH_LAST_RUN, new Date().toISOString());
    return result;
  };

  async function watch() {
    const { index } = await deps.chain.activeEra();
    const last = await deps.state.get(LAST_ERA);
    if (last === String(index)) return { era: index, started: false };
    await deps.recordEra();
    if (last === null) {
      await deps.state.set(LAST_ERA, String(index));
      logger.info({ era: index }, 'first active era seen; the next era change starts a round');
      return { era: index, started: false };
    }
    const { round, created } = await startRound(deps.startRound, { trigger: 'era', dryRun: false, era: index });
    await deps.enqueueRound(round.id);
    await deps.enqueuePayouts(index);
    await deps.state.set(LAST_ERA, String(index));
    logger.info({ era: index, roundId: round.id, created }, 'active era changed: round started');
    return { era: index, started: created, roundId: round.id };
  }
}
