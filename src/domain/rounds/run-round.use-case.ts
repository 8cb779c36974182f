import type { CandidateSnapshot } from '../candidates/snapshot.repository.js';
import type { DelegationRepository } from '../delegation/delegation.repository.js';
import { notFound } from '../errors.js';
import type { Clock, NominationWriter, SeedSource, SignedExtrinsic, ValidatorSetView } from '../ports.js';
import { deliverBatch } from '../shared/deliver-batch.js';
import { planRound } from './plan-round.js';
import type { BatchItem, RoundRepository } from './round.repository.js';
import type { Round } from './types.js';

export interface RoundProgress {
  roundId: string;
  phase: 'planning' | 'sending' | 'done';
  batchesDone: number;
  batchesTotal: number;
}

export interface RunRoundDeps {
  rounds: RoundRepository;
  delegations: DelegationRepository;
  /** Snapshots the candidates (refreshCandidates bound to its deps). */
  refreshCandidates: () => Promise<{ snapshot: CandidateSnapshot; view: ValidatorSetView }>;
  writer: NominationWriter;
  seeds: SeedSource;
  clock: Clock;
  onProgress?: (progress: RoundProgress) => void | Promise<void>;
}

/**
 * Runs a round to its end. Idempotent: every step is recorded before the next, so running it
 * again after a crash resumes where it stopped and sends no nomination twice.
 */
export async function runRound(deps: RunRoundDeps, roundId: string): Promise<Round> {
  let round = await deps.rounds.get(roundId);
  if (!round) throw notFound('ROUND_NOT_FOUND', `no round ${roundId}`);
  if (round.status === 'completed' || round.status === 'skipped') return round;
  if (round.status === 'planning') {
    await deps.onProgress?.({ roundId, phase: 'planning', batchesDone: 0, batchesTotal: 0 });
    await plan(deps, round);
    round = (await deps.rounds.get(roundId))!;
  }
  if (round.status === 'planned' || round.status === 'sending') await send(deps, round);
  return (await deps.rounds.get(roundId))!;
}

async function plan(deps: RunRoundDeps, round: Round): Promise<void> {
  const { snapshot, view } = await deps.refreshCandidates();
  const delegations = await deps.delegations.listByStatus(['active']);
  const seed = deps.seeds.freshSeed();
  const result = planRound({
    delegations,
    evaluations: snapshot.evaluations,
    activeEra: view.activeEra,
    seed,
    targetsPerDelegator: round.targetsPerDelegator,
    rotationEras: round.rotationEras,
  });
  const now = deps.clock.now();
  if (result.kind !== 'plan') {
    await deps.rounds.finishWithoutPlan(
      round.id,
      {
        status: result.kind === 'no_candidates' ? 'skipped' : 'completed',
        note: result.note,
        activeEra: view.activeEra,
        seed,
        snapshotId: snapshot.id,
      },
      now,
    );
    return;
  }
  const groups = await deps.writer.packNominations(
    result.selections.map((s) => ({ stash: s.stash, targets: s.targets })),
  );
  let next = 0;
  const selections = groups.flatMap((group, batchIndex) =>
    group.map(() => ({ ...result.selections[next++]!, batchIndex })),
  );
  await deps.rounds.savePlan(
    round.id,
    {
      activeEra: view.activeEra,
      seed,
      snapshotId: snapshot.id,
      note: result.note,
      selections,
      batchSizes: groups.map((g) => g.length),
    },
    round.dryRun,
    now,
  );
}

async function send(deps: RunRoundDeps, round: Round): Promise<void> {
  await deps.rounds.markSending(round.id);
  const batches = await deps.rounds.batches(round.id);
  const activeEra = round.activeEra ?? 0;
  let done = batches.filter((b) => b.status === 'included').length;
  const report = () =>
    deps.onProgress?.({ roundId: round.id, phase: 'sending', batchesDone: done, batchesTotal: batches.length });
  await report();
  for (const batch of batches) {
    if (batch.status === 'included') continue;
    let stored = batch.status === 'signed' ? await deps.rounds.signedExtrinsic(round.id, batch.index) : null;
    if (!stored) {
      stored = await signPlanned(deps, round.id, batch.index);
      if (!stored) {
        done++;
        await report();
        continue;
      }
    }
    const items = (await deps.rounds.batchItems(round.id, batch.index)).filter((i) => i.status === 'sent');
    const result = await deliverBatch({
      stored,
      itemCount: items.length,
      sign: () => sign(deps, round.id, batch.index, items),
      track: (signed, count) => deps.writer.sendAndTrack(signed, count),
    });
    await deps.rounds.recordBatchOutcome(
      round.id,
      batch.index,
      { ...result, at: deps.clock.now() },
      items.map((i) => ({
        selectionId: i.selectionId,
        delegationId: i.delegationId,
        targets: i.targets,
        fullDraw: i.reason === 'new' || i.reason === 'rotation',
      })),
      activeEra,
    );
    done++;
    await report();
  }
  await deps.rounds.complete(round.id, deps.clock.now(), null);
  await deps.onProgress?.({ roundId: round.id, phase: 'done', batchesDone: done, batchesTotal: batches.length });
}

/** Signs a planned batch, leaving out stashes that stopped being active since planning. */
async function signPlanned(deps: RunRoundDeps, roundId: string, batchIndex: number): Promise<SignedExtrinsic | null> {
  const items = (await deps.rounds.batchItems(roundId, batchIndex)).filter((i) => i.status === 'planned');
  const statuses = await deps.delegations.statusesOf(items.map((i) => i.stash));
  const stillActive = items.filter((i) => statuses.get(i.stash) === 'active');
  const dropped = items.filter((i) => statuses.get(i.stash) !== 'active');
  if (dropped.length > 0)
    await deps.rounds.cancelItems(
      dropped.map((i) => i.selectionId),
      'the delegation stopped being active before its nomination was sent',
    );
  if (stillActive.length === 0) {
    await deps.rounds.skipBatch(roundId, batchIndex, 'every item was cancelled before sending');
    return null;
  }
  return sign(deps, roundId, batchIndex, stillActive);
}

async function sign(deps: RunRoundDeps, roundId: string, batchIndex: number, items: BatchItem[]) {
  const signed = await deps.writer.signNominationBatch(items.map((i) => ({ stash: i.stash, targets: i.targets })));
  await deps.rounds.markBatchSigned(
    roundId,
    batchIndex,
    signed,
    items.map((i) => i.selectionId),
  );
  return signed;
}
