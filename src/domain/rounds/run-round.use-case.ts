import type { RefreshResult } from '../candidates/refresh-candidates.use-case.js';
import type { SnapshotRepository } from '../candidates/snapshot.repository.js';
import type { DelegationRepository } from '../delegation/delegation.repository.js';
import { notFound } from '../errors.js';
import type { ChainReader, ValidatorSetView } from '../ports/chain-reading.js';
import type { Clock, SeedBeacon } from '../ports/clock-and-beacon.js';
import type { NominationWriter, SignedExtrinsic } from '../ports/extrinsics.js';
import { deliverStoredBatch, type BatchSigner, type BatchStore, type OpenBatch } from '../shared/batch-pipeline.js';
import type { SigningLock } from '../shared/signing-lock.js';
import type { Address, BlockRef } from '../shared/types.js';
import { DEFAULT_PACING, readInPages, runInSlices, type Pacing } from './pacing.js';
import { planRoundInSlices } from './plan-round.js';
import type { BatchItem, RoundRepository } from './round.repository.js';
import { deriveRoundSeed, SEED_BLOCK_DISTANCE } from './round-seed.js';
import type { PlannedSelection, Round } from './types.js';
import type { Sliced } from '../shared/slices.js';

export interface RoundProgress {
  roundId: string;
  phase: 'committing' | 'planning' | 'sending' | 'done';
  batchesDone: number;
  batchesTotal: number;
}

export interface RunRoundDeps {
  rounds: RoundRepository;
  delegations: DelegationRepository;
  snapshots: Pick<SnapshotRepository, 'get'>;
  /** Snapshots the candidates (refreshCandidates bound to its deps). */
  refreshCandidates: () => Promise<RefreshResult>;
  chain: Pick<ChainReader, 'activeEra'>;
  beacon: SeedBeacon;
  writer: NominationWriter;
  lock: SigningLock;
  clock: Clock;
  /**
   * Compares these stashes with the chain now and records what changed (the delegation watcher,
   * narrowed): a user who nominated by hand or removed the proxy while no watcher ran (a worker
   * down, the indexer behind) is seen before anything is signed or sent again for them.
   */
  recheck?: (stashes: Address[], signedAt?: BlockRef) => Promise<void>;
  /** Called when a plan's era passed before it was all sent: a round for the active era should run. */
  replan?: (activeEra: number) => Promise<void>;
  onProgress?: (progress: RoundProgress) => void | Promise<void>;
  /**
   * The planning's slices (pages of delegations, slices of the draw and of the plan) and the pause
   * between two, so that a round of 100,000 never holds the process for long; DEFAULT_PACING for
   * what is not given (the pause: the event loop's next turn).
   */
  pacing?: Partial<Pacing>;
}

const LEFT = 'the delegation stopped being active before its nomination was sent';

/**
 * Runs a round to its end. Idempotent: every step is recorded before the next, so running it
 * again after a crash (or in another worker) resumes where it stopped and sends no nomination twice.
 */
export async function runRound(deps: RunRoundDeps, roundId: string): Promise<Round> {
  let round = await deps.rounds.get(roundId);
  if (!round) throw notFound('ROUND_NOT_FOUND', `no round ${roundId}`);
  if (round.status === 'completed' || round.status === 'skipped') return round;
  if (round.status === 'planning') {
    await deps.onProgress?.({ roundId, phase: 'committing', batchesDone: 0, batchesTotal: 0 });
    await plan(deps, round);
    round = (await deps.rounds.get(roundId))!;
  }
  if (round.status === 'planned' || round.status === 'sending') await send(deps, round);
  return (await deps.rounds.get(roundId))!;
}

/**
 * Commit, then draw. The round first stores its snapshot and the number of a block that does not
 * exist yet; the draw's seed comes from that block's hash once finalized. Nobody, the operator
 * included, knows the seed when the inputs are fixed, and a crash re-uses the same commitment.
 */
async function plan(deps: RunRoundDeps, first: Round): Promise<void> {
  let round = first;
  let view: ValidatorSetView | null = null;
  if (round.seedBlockNumber === null) {
    view = await commit(deps, round, null);
    if (!view) return;
  }
  round = (await deps.rounds.get(round.id))!;
  const seedBlockHash = await deps.beacon.waitFinalizedHash(round.seedBlockNumber!);
  const activeEra = view?.activeEra ?? (await deps.chain.activeEra()).index;
  if (activeEra !== round.activeEra) {
    // The snapshot judged candidates against an era that ended meanwhile: commit again, anew.
    if (!(await commit(deps, round, round.seedBlockNumber))) return;
    return plan(deps, (await deps.rounds.get(round.id))!);
  }
  await deps.onProgress?.({ roundId: round.id, phase: 'planning', batchesDone: 0, batchesTotal: 0 });
  const snapshot = (await deps.snapshots.get(round.snapshotId!))!;
  const seed = deriveRoundSeed(round.id, seedBlockHash);
  const pacing: Pacing = { ...DEFAULT_PACING, ...deps.pacing };
  const delegations = await readInPages(deps.delegations, ['active'], pacing);
  const result = await runInSlices(
    planRoundInSlices(
      {
        delegations,
        evaluations: snapshot.evaluations,
        activeEra,
        seed,
        targetsPerDelegator: round.targetsPerDelegator,
        rotationEras: round.rotationEras,
      },
      pacing.sliceSize,
    ),
    pacing,
  );
  const now = deps.clock.now();
  const source = { activeEra, seed, seedBlockHash, snapshotId: snapshot.id };
  if (result.kind !== 'plan') {
    await deps.rounds.finishWithoutPlan(
      round.id,
      { status: result.kind === 'no_candidates' ? 'skipped' : 'completed', note: result.note, ...source },
      now,
    );
    return;
  }
  const groups = await deps.writer.packNominations(
    result.selections.map((s) => ({ stash: s.stash, targets: s.targets })),
  );
  const selections = await runInSlices(inBatches(result.selections, groups, pacing.sliceSize), pacing);
  await deps.rounds.savePlan(
    round.id,
    { ...source, note: result.note, selections, batchSizes: groups.map((g) => g.length) },
    round.dryRun,
    now,
  );
}

/** Each selection with the index of the batch it was packed into (the groups keep the selections' order). */
function* inBatches(
  planned: PlannedSelection[],
  groups: unknown[][],
  sliceSize: number,
): Sliced<(PlannedSelection & { batchIndex: number })[]> {
  const selections: (PlannedSelection & { batchIndex: number })[] = [];
  for (let batchIndex = 0; batchIndex < groups.length; batchIndex += 1) {
    for (let k = 0; k < groups[batchIndex]!.length; k += 1) {
      selections.push({ ...planned[selections.length]!, batchIndex });
      if (selections.length % sliceSize === 0) yield;
    }
  }
  return selections;
}

/**
 * Snapshots the candidates and commits to the block after the head; returns the view it judged
 * with. A snapshot held for an admin's confirmation (the eligible set moved too much) ends the
 * round as skipped, with the hold's reason, and null is returned: nothing is drawn from it, nor
 * from an older snapshot.
 */
async function commit(deps: RunRoundDeps, round: Round, previous: number | null): Promise<ValidatorSetView | null> {
  const { snapshot, view, held } = await deps.refreshCandidates();
  if (held) {
    await deps.rounds.finishWithoutPlan(
      round.id,
      {
        status: 'skipped',
        note: held.note,
        activeEra: view.activeEra,
        seed: null,
        seedBlockHash: null,
        snapshotId: snapshot.id,
      },
      deps.clock.now(),
    );
    return null;
  }
  const head = await deps.beacon.head();
  await deps.rounds.commitSeed(
    round.id,
    {
      commitBlockNumber: head.number,
      seedBlockNumber: head.number + SEED_BLOCK_DISTANCE,
      snapshotId: snapshot.id,
      activeEra: view.activeEra,
    },
    previous,
  );
  return view;
}

/**
 * Sends the plan's batches through the one batch pipeline (deliverStoredBatch), with the rounds'
 * own rules as its options: every batch is read under the signing lock (another run may have
 * signed it since the list was read); before every signature the plan's era is checked (passed:
 * every item is cancelled) and every stash re-checked on chain (one no longer active is
 * cancelled, never signed for); a stored signature is handed to a node again only while the era
 * holds and every stash in it still delegates, else it is only watched.
 */
async function send(deps: RunRoundDeps, round: Round): Promise<void> {
  await deps.rounds.markSending(round.id);
  const batches = await deps.rounds.batches(round.id);
  let done = batches.filter((b) => b.status === 'included').length;
  let staleEra: number | null = null;
  // Never send (more of) a plan made for an era that is no longer active.
  const eraPassed = async () => {
    const { index: activeEra } = await deps.chain.activeEra();
    if (activeEra !== round.activeEra) staleEra = activeEra;
    return staleEra !== null;
  };
  const report = () =>
    deps.onProgress?.({ roundId: round.id, phase: 'sending', batchesDone: done, batchesTotal: batches.length });
  await report();
  const pipeline = { lock: deps.lock, signer: nominator(deps.writer), store: roundStore(deps, round) };
  for (const batch of batches) {
    if (batch.status === 'included') continue;
    await deliverStoredBatch(pipeline, () => openBatch(deps, round.id, batch.index), {
      recheck: async (items, previous) => {
        if (await eraPassed()) {
          await deps.rounds.cancelItems(
            items.map((i) => i.selectionId),
            `planned for era ${round.activeEra}; era ${staleEra} became active before it was sent`,
          );
          return [];
        }
        return stillActive(deps, items, previous);
      },
      submitStored: async (stored, items) => !(await eraPassed()) && (await everyStillActive(deps, items, stored)),
      emptyReason: 'every item was cancelled before sending',
    });
    done++;
    await report();
  }
  const note =
    staleEra === null
      ? null
      : `planned for era ${round.activeEra}, but era ${staleEra} became active before every batch was sent: the rest was cancelled and a round for era ${staleEra} plans anew`;
  await deps.rounds.complete(round.id, deps.clock.now(), note);
  if (staleEra !== null) await deps.replan?.(staleEra);
  await deps.onProgress?.({ roundId: round.id, phase: 'done', batchesDone: done, batchesTotal: batches.length });
}

/**
 * A batch as it stands now: with its stored signature, the items `sent` with it; without, the
 * items still `planned` (the others were cancelled).
 */
async function openBatch(deps: RunRoundDeps, roundId: string, index: number): Promise<OpenBatch<BatchItem>> {
  const signed = await deps.rounds.signedExtrinsic(roundId, index);
  const items = (await deps.rounds.batchItems(roundId, index)).filter((i) =>
    signed ? i.status === 'sent' && i.extrinsicHash === signed.hash : i.status === 'planned',
  );
  return { id: String(index), status: signed ? 'signed' : 'planned', items };
}

const nominator = (writer: NominationWriter): BatchSigner<BatchItem> => ({
  operatorAddress: () => writer.operatorAddress(),
  sign: (items) => writer.signNominationBatch(items.map((i) => ({ stash: i.stash, targets: i.targets }))),
  sendAndTrack: writer.sendAndTrack.bind(writer),
  discard: writer.discard.bind(writer),
});

/** The round's batches, each named by its index. */
const roundStore = (deps: RunRoundDeps, round: Round): BatchStore<BatchItem> => ({
  signedExtrinsic: (id) => deps.rounds.signedExtrinsic(round.id, Number(id)),
  markSigned: (id, signed, items, guard) =>
    deps.rounds.markBatchSigned(
      round.id,
      Number(id),
      signed,
      items.map((i) => i.selectionId),
      guard,
    ),
  closeEmpty: (id, reason) => deps.rounds.skipBatch(round.id, Number(id), reason),
  recordOutcome: (id, included, results) =>
    deps.rounds.recordBatchOutcome(
      round.id,
      Number(id),
      { ...included, at: deps.clock.now() },
      results.map(({ item: i, ok, error }) => ({
        item: {
          selectionId: i.selectionId,
          delegationId: i.delegationId,
          targets: i.targets,
          fullDraw: i.reason === 'new' || i.reason === 'rotation',
        },
        ok,
        error,
      })),
      round.activeEra ?? 0,
    ),
});

async function everyStillActive(deps: RunRoundDeps, items: BatchItem[], stored: SignedExtrinsic): Promise<boolean> {
  await deps.recheck?.(
    items.map((i) => i.stash),
    stored.signedAt,
  );
  const statuses = await deps.delegations.statusesOf(items.map((i) => i.stash));
  return items.every((i) => statuses.get(i.stash) === 'active');
}

/**
 * The items whose delegation is still active, re-checked on chain first; the others are
 * cancelled, never signed for again.
 */
async function stillActive(
  deps: RunRoundDeps,
  items: BatchItem[],
  previous: SignedExtrinsic | null,
): Promise<BatchItem[]> {
  await deps.recheck?.(
    items.map((i) => i.stash),
    previous?.signedAt,
  );
  const statuses = await deps.delegations.statusesOf(items.map((i) => i.stash));
  const dropped = items.filter((i) => statuses.get(i.stash) !== 'active');
  if (dropped.length > 0)
    await deps.rounds.cancelItems(
      dropped.map((i) => i.selectionId),
      LEFT,
    );
  return items.filter((i) => statuses.get(i.stash) === 'active');
}
