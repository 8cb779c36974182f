import type { SignedExtrinsic, TrackResult } from '../ports/extrinsics.js';
import { deliverBatch, type Included } from './deliver-batch.js';
import type { SigningFence, SigningLock } from './signing-lock.js';
import type { Address } from './types.js';

/**
 * One pipeline for everything the operator sends in batches: plan → store → sign → send → track →
 * record each item's outcome. `itemResults` is the one per-item outcome rule; `deliverStoredBatch`
 * runs the steps from "sign" on, each feature keeping its batches in its own tables behind a
 * `BatchStore`. It serves:
 * - pool accounts and pool payments (pools/pool-payments.use-case.ts), as they are;
 * - payout sweeps (payouts/sweep-payouts.use-case.ts), `recheck` dropping pages paid by others;
 * - nomination rounds (rounds/run-round.use-case.ts), reading each batch under the lock, with
 *   `recheck` (stashes re-checked on chain, inactive ones cancelled, a stale era cancels the rest)
 *   and `submitStored` (a stored signature re-sent only while all its delegations are active).
 */
/** A batch stored before anything is signed: `planned`, or `signed` with its extrinsic stored. */
export interface OpenBatch<Item> {
  id: string;
  status: 'planned' | 'signed';
  items: Item[];
}

export interface ItemResult<Item> {
  item: Item;
  ok: boolean;
  /** `section.Name` of the error when it failed. */
  error: string | null;
}

/** What the chain did with each item of an included batch: the per-item outcome rule, once. */
export function itemResults<Item>(included: Included, items: Item[]): ItemResult<Item>[] {
  return items.map((item, i) => {
    // A failed extrinsic (bad origin, exhausted resources) fails every item with its error.
    if (included.extrinsicError) return { item, ok: false, error: included.extrinsicError };
    const outcome = included.outcomes[i];
    if (!outcome) return { item, ok: false, error: 'no outcome reported for this item' };
    return outcome.ok ? { item, ok: true, error: null } : { item, ok: false, error: outcome.error };
  });
}

export interface BatchStore<Item> {
  signedExtrinsic(batchId: string): Promise<SignedExtrinsic | null>;
  /**
   * Stores the signature: a compare-and-set from `planned` (or from the expired signature it
   * replaces), under the signing fence, so two workers never send one batch twice.
   */
  markSigned(
    batchId: string,
    signed: SignedExtrinsic,
    items: Item[],
    guard: { previousHash: string | null; fence: SigningFence },
  ): Promise<void>;
  /** Nothing was left to send (every item was withdrawn before signing). */
  closeEmpty(batchId: string, reason: string): Promise<void>;
  /** Records the inclusion and each item's result; a second call for the same extrinsic does nothing. */
  recordOutcome(
    batchId: string,
    included: Included & { extrinsicHash: string },
    results: ItemResult<Item>[],
  ): Promise<void>;
}

export interface BatchSigner<Item> {
  operatorAddress(): Address | null;
  sign(items: Item[]): Promise<SignedExtrinsic>;
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: { submit?: boolean }): Promise<TrackResult>;
  discard(signed: SignedExtrinsic): void;
}

export interface DeliveryOptions<Item> {
  /**
   * Runs under the lock before every signature (a re-signature after expiry included), with the
   * stored signature being replaced if any: returns the items that may still go out, having
   * recorded why the others may not.
   */
  recheck?: (items: Item[], previous: SignedExtrinsic | null) => Promise<Item[]>;
  /**
   * Whether a stored signature found on resuming may be handed to a node again (the default), or
   * only watched until it lands or expires (false): some of its items must not be sent any more,
   * so it may only land if it was already out.
   */
  submitStored?: (stored: SignedExtrinsic, items: Item[]) => Promise<boolean>;
  /** Recorded on a batch closed because nothing was left to send. */
  emptyReason?: string;
}

/**
 * Delivers one stored batch exactly once, under the operator's signing lock: a stored signature is
 * tracked (found by its nonce, or re-sent as the same bytes while it can still land), a new one is
 * stored before it is sent. `batch` may be a reader, called under the lock, when another run may
 * have moved the batch since it was listed. Returns each item's result, or null when nothing was
 * left to send.
 */
export async function deliverStoredBatch<Item>(
  deps: { lock: SigningLock; signer: BatchSigner<Item>; store: BatchStore<Item> },
  batch: OpenBatch<Item> | (() => Promise<OpenBatch<Item>>),
  options: DeliveryOptions<Item> = {},
): Promise<ItemResult<Item>[] | null> {
  const operator = deps.signer.operatorAddress();
  if (!operator) throw new Error('no operator key: batches cannot be signed');
  return deps.lock.hold(operator, async (fence) => {
    const open = typeof batch === 'function' ? await batch() : batch;
    const stored = open.status === 'signed' ? await deps.store.signedExtrinsic(open.id) : null;
    let items = open.items;
    const delivered = await deliverBatch({
      stored: stored && { signed: stored, itemCount: items.length },
      submitStored: stored && options.submitStored ? await options.submitStored(stored, items) : true,
      sign: async () => {
        const previous = await deps.store.signedExtrinsic(open.id);
        if (options.recheck) items = await options.recheck(items, previous);
        if (items.length === 0) return null;
        const signed = await deps.signer.sign(items);
        try {
          await deps.store.markSigned(open.id, signed, items, { previousHash: previous?.hash ?? null, fence });
        } catch (e) {
          // Not stored, so never sent: its nonce is free again.
          deps.signer.discard(signed);
          throw e;
        }
        return { signed, itemCount: items.length };
      },
      track: (signed, count, submit) => deps.signer.sendAndTrack(signed, count, { submit }),
    });
    if (!delivered) {
      await deps.store.closeEmpty(open.id, options.emptyReason ?? 'nothing was left to send');
      return null;
    }
    const results = itemResults(delivered.included, items);
    await deps.store.recordOutcome(
      open.id,
      { ...delivered.included, extrinsicHash: delivered.signature.signed.hash },
      results,
    );
    return results;
  });
}

/**
 * Plans `items` in the slices the writer packs into one extrinsic each, in order, and delivers each
 * batch planned (`plan` may store none: null).
 */
export async function planInPacks<Item, Call, Batch>(
  items: Item[],
  steps: {
    call: (item: Item) => Call;
    pack: (calls: Call[]) => Promise<Call[][]>;
    plan: (slice: Item[]) => Promise<Batch | null>;
    deliver: (batch: Batch) => Promise<void>;
  },
): Promise<void> {
  if (items.length === 0) return;
  const packs = await steps.pack(items.map(steps.call));
  let offset = 0;
  for (const pack of packs) {
    const slice = items.slice(offset, offset + pack.length);
    offset += pack.length;
    const batch = await steps.plan(slice);
    if (batch) await steps.deliver(batch);
  }
}
