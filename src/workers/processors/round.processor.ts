import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/errors.js';
import { runRound, type RunRoundDeps } from '../../domain/rounds/run-round.use-case.js';
import { parseRoundJobData } from '../queues.js';

export function roundProcessor(deps: Omit<RunRoundDeps, 'onProgress'>, logger: Logger) {
  return async (job: Job) => {
    const { roundId } = parseRoundJobData(job.data);
    const log = logger.child({ queue: job.queueName, jobId: job.id, roundId });
    try {
      const round = await runRound(
        {
          ...deps,
          onProgress: async (p) => {
            log.info(p, 'round progress');
            await job.updateProgress(p);
          },
        },
        roundId,
      );
      log.info({ status: round.status, note: round.note }, 'round finished');
      return { status: round.status };
    } catch (e) {
      // Rule and lookup failures will not heal by retrying; chain and database hiccups may.
      if (e instanceof DomainError && e.kind !== 'unavailable') throw new UnrecoverableError(`${e.code}: ${e.message}`);
      throw e;
    }
  };
}
