import type { Processor } from 'bullmq';
import type { Logger } from 'pino';

/**
 * The pools' tick, thin: dynamic periods brought up to now (settled and rated), then the operator's
 * pool batches (accounts, endowments, payments), then the books checked against the chain.
 */
export function poolsProcessor(
  steps: {
    advance: () => Promise<number>;
    pay: () => Promise<Record<string, number>>;
    reconcile: () => Promise<Record<string, number>>;
  },
  log: Logger,
): Processor {
  return async () => {
    const periods = await steps.advance();
    const payments = await steps.pay();
    const books = await steps.reconcile();
    const result = { periods, ...payments, ...books };
    if (periods > 0 || (payments.batches ?? 0) > 0 || (books.differences ?? 0) > 0) log.info(result, 'pools tick');
    return result;
  };
}
