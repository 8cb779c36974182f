import type { Logger } from 'pino';
import type { ChainReader } from '../../domain/ports.js';
import { startRound, type StartRoundDeps } from '../../domain/rounds/start-round.use-case.js';
import type { ServiceStateRepository } from '../../db/service-state.repository.js';

const LAST_ERA = 'era-watch.last-active-era';

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
  };
}
