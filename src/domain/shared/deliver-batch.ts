import type { SignedExtrinsic, TrackResult } from '../ports.js';

export type Included = Extract<TrackResult, { kind: 'included' }>;

/**
 * Gets one batch into a block exactly once: reuses the signature stored before a crash, and
 * signs the same items anew only when the stored one expired unused. `sign` must store what it
 * signs before returning, so that a crash right after it loses nothing.
 */
export async function deliverBatch(input: {
  stored: SignedExtrinsic | null;
  itemCount: number;
  sign: () => Promise<SignedExtrinsic>;
  track: (signed: SignedExtrinsic, itemCount: number) => Promise<TrackResult>;
}): Promise<Included> {
  let signed = input.stored ?? (await input.sign());
  for (;;) {
    const result = await input.track(signed, input.itemCount);
    if (result.kind === 'included') return result;
    signed = await input.sign();
  }
}
