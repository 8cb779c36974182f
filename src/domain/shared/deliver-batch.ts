import type { SignedExtrinsic, TrackResult } from '../ports/extrinsics.js';

export type Included = Extract<TrackResult, { kind: 'included' }>;

/** A stored signature and the number of items it carries. */
export interface BatchSignature {
  signed: SignedExtrinsic;
  itemCount: number;
}

/**
 * Gets one batch into a block exactly once: reuses the signature stored before a crash, and
 * signs anew only when the stored one can no longer be included.
 *
 * `sign` re-checks the items first (a stash that left is never signed for again) and stores what
 * it signs before returning, so that a crash right after it loses nothing; null: nothing is left
 * to send. `submit` false for a stored signature means it is only watched, never handed to a node
 * again: some of its items must not be sent any more, so it may only land if it was already out.
 */
export async function deliverBatch(input: {
  stored: BatchSignature | null;
  /** False: the stored signature is watched until it lands or expires, never submitted again. */
  submitStored?: boolean;
  sign: () => Promise<BatchSignature | null>;
  track: (signed: SignedExtrinsic, itemCount: number, submit: boolean) => Promise<TrackResult>;
}): Promise<{ included: Included; signature: BatchSignature } | null> {
  let current = input.stored;
  let submit = input.stored ? (input.submitStored ?? true) : true;
  current ??= await input.sign();
  for (;;) {
    if (!current) return null;
    const result = await input.track(current.signed, current.itemCount, submit);
    if (result.kind === 'included') return { included: result, signature: current };
    current = await input.sign();
    submit = true;
  }
}
