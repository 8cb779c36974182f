import type { ChainReader, PayoutItem, PayoutReader, PayoutWriter } from '../ports.js';
import { deliverBatch } from '../shared/deliver-batch.js';
import type { SigningFence, SigningLock } from '../shared/signing-lock.js';
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

/** Drops, and records as such, the pages somebody else paid meanwhile. */
async function withoutClaimed(deps: SweepPayoutsDeps, items: PayoutItem[], report: SweepReport) {
  const claimed: PayoutItem[] = [];
  const cache = new Map<string, Set<number>>();
  for (const item of items) {
    const id = `${item.era}/${item.validator}`;
    let pages = cache.get(id);
    if (!pages) cache.set(id, (pages = await deps.reader.claimedPages(item.era, item.validator)));
    if (pages.has(item.page)) claimed.push(item);
  }
  if (claimed.length > 0) await deps.payouts.markClaimedByOther(claimed);
  report.claimedByOthers += claimed.length;
  const gone = new Set(claimed.map(key));
  return items.filter((i) => !gone.has(key(i)));
}

async function deliver(deps: SweepPayoutsDeps, batch: OpenPayoutBatch, report: SweepReport): Promise<void> {
  // One batch at a time per signing account, across every worker process.
  await deps.lock.hold(deps.writer.operatorAddress()!, async (fence) => {
    const stored = batch.status === 'signed' ? await deps.payouts.signedExtrinsic(batch.id) : null;
    let items = batch.items;
    const delivered = await deliverBatch({
      stored: stored && { signed: stored, itemCount: items.length },
      sign: async () => {
        // Checked again before every signature, a re-signature after expiry included: a page paid
        // by someone else meanwhile is not sent.
        items = await withoutClaimed(deps, items, report);
        if (items.length === 0) return null;
        return { signed: await signAndStore(deps, batch.id, items, fence), itemCount: items.length };
      },
      track: (signed, count, submit) => deps.writer.sendAndTrack(signed, count, { submit }),
    });
    if (!delivered) {
      await deps.payouts.closeEmptyBatch(batch.id, 'every page was paid by someone else before signing');
      return;
    }
    const result = delivered.included;
    await deps.payouts.recordOutcome(batch.id, { ...result, extrinsicHash: delivered.signature.signed.hash }, items);
    report.batches++;
    for (const o of result.outcomes) if (o.ok && !result.extrinsicError) report.paid++;
    report.failed += items.length - result.outcomes.filter((o) => o.ok).length;
  });
}

async function signAndStore(deps: SweepPayoutsDeps, batchId: string, items: PayoutItem[], fence: SigningFence) {
  const previous = await deps.payouts.signedExtrinsic(batchId);
  const signed = await deps.writer.signPayoutBatch(items);
  try {
    await deps.payouts.markSigned(batchId, signed, items, { previousHash: previous?.hash ?? null, fence });
  } catch (e) {
    // Not stored, so never sent: its nonce is free again.
    deps.writer.discard(signed);
    throw e;
  }
  return signed;
}
