import { conflict, notFound } from '../errors.js';
import type { Clock } from '../ports/clock-and-beacon.js';
import type { CandidateSnapshot, SnapshotRepository } from './snapshot.repository.js';

export interface ConfirmSnapshotDeps {
  snapshots: Pick<SnapshotRepository, 'get' | 'confirm'>;
  clock: Clock;
}

/**
 * An admin vouches for a held snapshot: rounds may use it, and new snapshots are compared with
 * it from now on. Confirming twice is harmless (the first time stays).
 */
export async function confirmSnapshot(deps: ConfirmSnapshotDeps, snapshotId: string): Promise<CandidateSnapshot> {
  const snapshot = await deps.snapshots.get(snapshotId);
  if (!snapshot) throw notFound('SNAPSHOT_NOT_FOUND', `no candidate snapshot ${snapshotId}`);
  if (snapshot.hold === null)
    throw conflict('SNAPSHOT_NOT_HELD', `snapshot ${snapshotId} is not held: rounds may use it already`);
  if (snapshot.hold.confirmedAt !== null) return snapshot;
  return (await deps.snapshots.confirm(snapshotId, deps.clock.now()))!;
}
