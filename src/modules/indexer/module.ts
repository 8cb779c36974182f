import type { Logger } from 'pino';
import { indexerProcessor } from '../../workers/processors/indexer.processor.js';
import { QUEUES } from '../../workers/queues.js';
import type { FeatureModule } from '../feature-module.js';

export interface IndexerModuleDeps {
  logger: Logger;
  /** INDEX_INTERVAL_MS. */
  indexIntervalMs: number;
  /** INDEX_MAX_BLOCKS: blocks read in one job. */
  indexMaxBlocks: number;
  /**
   * Built in the worker once the chain answered. Its hooks reach other features: `watch` (the
   * delegations of stashes whose proxies or nominations changed) and `onTransfers` (transfers into
   * pools' accounts become their deposits); `src/main/modules.ts` wires them.
   */
  worker: () => Parameters<typeof indexerProcessor>[0];
}

/** The indexer: follows finalized blocks (rewards, the operator's transfers), one cursor, so serial. */
export function indexerModule(deps: IndexerModuleDeps): FeatureModule {
  return {
    name: 'indexer',
    workers: () => [
      {
        name: QUEUES.indexer,
        everyMs: deps.indexIntervalMs,
        processor: indexerProcessor(deps.worker(), deps.indexMaxBlocks, deps.logger),
      },
    ],
  };
}
