import type { Clock } from '../ports/clock-and-beacon.js';
import { MAX_EXPIRY_AHEAD_MS } from './signed-request.js';
import type { UsedNonceRepository } from './used-nonce.repository.js';

/**
 * Slack on top of a request's validity window: a nonce's time is the database's clock, the
 * expiry check uses the service's, and the two may drift apart a little.
 */
export const NONCE_RETENTION_MARGIN_MS = 60 * 60 * 1000;

/**
 * A nonce recorded before this instant belongs to a request that expired (`expiresAt` is at most
 * MAX_EXPIRY_AHEAD_MS after it was accepted), so the expiry check already refuses any replay of
 * it: its row guards nothing any more.
 */
export const nonceRetentionCutoff = (now: Date): Date =>
  new Date(now.getTime() - MAX_EXPIRY_AHEAD_MS - NONCE_RETENTION_MARGIN_MS);

export interface PruneUsedNoncesDeps {
  nonces: UsedNonceRepository;
  clock: Clock;
}

export interface PruneReport {
  deleted: number;
  cutoff: Date;
  /** The run stopped at its batch limit: older nonces remain for the next run. */
  more: boolean;
}

/**
 * Deletes nonces that can no longer be replayed, in bounded batches (each a short statement,
 * so opt-ins writing nonces meanwhile never wait long), at most `maxBatches` per run.
 */
export async function pruneUsedNonces(
  deps: PruneUsedNoncesDeps,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<PruneReport> {
  const batchSize = options.batchSize ?? 1_000;
  const maxBatches = options.maxBatches ?? 20;
  const cutoff = nonceRetentionCutoff(deps.clock.now());
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const n = await deps.nonces.deleteRecordedBefore(cutoff, batchSize);
    deleted += n;
    if (n < batchSize) return { deleted, cutoff, more: false };
  }
  return { deleted, cutoff, more: true };
}
