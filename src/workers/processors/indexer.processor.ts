import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { indexChain, type IndexChainDeps } from '../../domain/indexer/index-chain.use-case.js';

export function indexerProcessor(deps: Omit<IndexChainDeps, 'onProgress'>, maxBlocks: number, logger: Logger) {
  return async (job: Job) => {
    const report = await indexChain(
      {
        ...deps,
        onProgress: async (p) => {
          if (p.head - p.cursor > 0) logger.info(p, 'indexer catching up');
          await job.updateProgress(p);
        },
      },
      { maxBlocks },
    );
    if (report.events > 0) logger.info({ from: report.from, to: report.to, events: report.events }, 'blocks indexed');
    return { from: report.from, to: report.to, head: report.head.number, events: report.events };
  };
}
