import type { ChainReader } from '../ports/chain-reading.js';
import type { PayoutItem, PayoutReader, PayoutWriter } from '../ports/payouts.js';
import { deliverStoredBatch, type BatchSigner, type BatchStore } from '../shared/batch-pipeline.js';
import type { SigningLock } from '../shared/signing-lock.js';
import type { OpenPayoutBatch, PayoutRepository } from './payout.repository.js';

export interface PayoutProgress {
  phase: 'resuming' | 'scanning' | 'paying' | 'done';
  done: number;
  total: number;
}

export interface SweepPayoutsDeps {
  payouts: PayoutRepository;
  chain: Pick<ChainReader, 'activeEra'>;
  reader: PayoutReader;
  writer: PayoutWriter;
  lock: SigningLock;
  maxAttempts?: number;
  onProgress?: (progress: PayoutProgress) => void | Promise<void>;
}

export interface SweepReport {
  activeEra: number;
  minEra: number;
  scanned: number[];
  claimedByOthers: number;
  batches: number;
  paid: number;
  failed: number;
  expired: number;
}

const key = (i: PayoutItem) => `${i.era}/${i.validator}/${i.page}`;

/**
 * Pays every page of every era still within the history depth that exposes one of the service's
 * delegators and nobody paid yet, oldest era first. Pages already paid by anyone are never sent;
 * batches are stored before they are sent, so a sweep interrupted by a crash resumes them first.
 */
export async function sweepPayouts(deps: SweepPayoutsDeps): Promise<SweepReport> {
  const maxAttempts = deps.maxAttempts ?? 3;
  const { index: activeEra } = await deps.chain.activeEra();
  const minEra = Math.max(0, activeEra - deps.reader.historyDepth());
  const report: SweepReport = {
    activeEra,
    minEra,
    scanned: [],
    claimedByOthers: 0,
    batches: 0,
    paid: 0,
    failed: 0,
    expired: 0,
  };
  if (!deps.writer.operatorAddress()) return report; // read-only: nothing can be sent

  for (const batch of await deps.payouts.openBatches()) await deliver(deps, batch, report);
  report.expired = await deps.payouts.expireBefore(minEra);

  await deps.onProgress?.({ phase: 'scanning', done: 0, total: activeEra - minEra });
  const { stashes, validators } = await deps.payouts.nominationHistory();
  if (stashes.size > 0 && validators.length > 0) {
    const scanned = await deps.payouts.scannedEras(minEra, activeEra - 1);
    for (let era = minEra; era < activeEra; era++) {
      if (scanned.has(era) || !(await deps.reader.eraRewardKnown(era))) continue;
      const exposures = await deps.reader.exposures(era, validators, stashes);
      await deps.payouts.recordScan(
        era,
        exposures.flatMap((x) => x.pages.map((p) => ({ validator: x.validator, page: p.page, stashes: p.stashes }))),
      );
      report.scanned.push(era);
    }
  }

  const due = await deps.payouts.due(minEra, maxAttempts);
  const unpaid = await withoutClaimed(deps, due, report);
  const eras = [...new Set(unpaid.map((i) => i.era))].sort((a, b) => a - b);
  for (const era of eras) {
    const groups = await deps.writer.packPayouts(unpaid.filter((i) => i.era === era));
    await deps.payouts.createBatches(era, groups);
  }
  const open = await deps.payouts.openBatches();
  let done = 0;
  for (const batch of open) {
    await deps.onProgress?.({ phase: 'paying', done, total: open.length });
    await deliver(deps, batch, report);
    done++;
  }
  await deps.onProgress?.({ phase: 'done', done, total: open.length });
  return report;
}

/** (era, validator) pairs whose paid pages are read at once: the reader may join them into one request. */
const CLAIMED_READS_AT_ONCE = 256;

/** Drops, and records as such, the pages somebody else paid meanwhile. */
async function withoutClaimed(deps: SweepPayoutsDeps, items: PayoutItem[], report: SweepReport) {
  const pairs = new Map<string, PayoutItem>();
  for (const item of items) pairs.set(`${item.era}/${item.validator}`, item);
  // Read together rather than one after the other: 84 eras of a few hundred validators are tens
  // of thousands of reads, each a round trip when made alone.
  const paid = new Map<string, Set<number>>();
  const ids = [...pairs.keys()];
  for (let i = 0; i < ids.length; i += CLAIMED_READS_AT_ONCE) {
    const slice = ids.slice(i, i + CLAIMED_READS_AT_ONCE);
    const pages = await Promise.all(
      slice.map((id) => deps.reader.claimedPages(pairs.get(id)!.era, pairs.get(id)!.validator)),
    );
    slice.forEach((id, j) => paid.set(id, pages[j]!));
  }
  const claimed = items.filter((item) => paid.get(`${item.era}/${item.validator}`)!.has(item.page));
  if (claimed.length > 0) await deps.payouts.markClaimedByOther(claimed);
  report.claimedByOthers += claimed.length;
  const gone = new Set(claimed.map(key));
  return items.filter((i) => !gone.has(key(i)));
}

async function deliver(deps: SweepPayoutsDeps, batch: OpenPayoutBatch, report: SweepReport): Promise<void> {
  const results = await deliverStoredBatch(
    { lock: deps.lock, signer: payer(deps.writer), store: payoutStore(deps.payouts) },
    batch,
    {
      // Checked again before every signature, a re-signature after expiry included: a page paid
      // by someone else meanwhile is not sent.
      recheck: (items) => withoutClaimed(deps, items, report),
      emptyReason: 'every page was paid by someone else before signing',
    },
  );
  if (!results) return;
  report.batches++;
  for (const r of results) {
    if (r.ok) report.paid++;
    else report.failed++;
  }
}

const payer = (writer: PayoutWriter): BatchSigner<PayoutItem> => ({
  operatorAddress: () => writer.operatorAddress(),
  sign: (items) => writer.signPayoutBatch(items),
  sendAndTrack: writer.sendAndTrack.bind(writer),
  discard: writer.discard.bind(writer),
});

const payoutStore = (payouts: PayoutRepository): BatchStore<PayoutItem> => ({
  signedExtrinsic: (id) => payouts.signedExtrinsic(id),
  markSigned: (id, signed, items, guard) => payouts.markSigned(id, signed, items, guard),
  closeEmpty: (id, reason) => payouts.closeEmptyBatch(id, reason),
  recordOutcome: (id, inclusion, results) => payouts.recordOutcome(id, inclusion, results),
});
