import type { Processor } from 'bullmq';
import type { Logger } from 'pino';

/**
 * The collectives' tick, thin: bonding windows, statuses and due claims; commitments checked
 * against the chain; the operator's collective batches (accounts, reward destinations,
 * transfers); the books checked against the chain.
 */
export function collectivesProcessor(
  steps: {
    advance: () => Promise<Record<string, number>>;
    breaches: () => Promise<number>;
    send: () => Promise<Record<string, number>>;
    reconcile: () => Promise<number>;
  },
  log: Logger,
): Processor {
  return async () => {
    const advanced = await steps.advance();
    const breaches = await steps.breaches();
    const sent = await steps.send();
    const differences = await steps.reconcile();
    const result = { ...advanced, breaches, ...sent, differences };
    if (Object.values(result).some((n) => n > 0)) log.info(result, 'collectives tick');
    return result;
  };
}
