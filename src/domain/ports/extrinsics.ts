/** The operator's extrinsics: setup calls, nomination batches, signing and tracking. Plain data only: no codecs, no Prisma rows. */
import type { Address, BlockRef, Planck } from '../shared/types.js';

/** Call data a wallet signs: hex of the encoded call, with a readable description. */
export interface SetupCall {
  callData: string;
  callHash: string;
  description: string[];
}

export interface SetupBuilder {
  /**
   * `utility.batchAll([staking.bond(value, 'Staked')?, proxy.addProxy(operator, 'Staking', 0)])`;
   * bond is included only when `bondValue` is given.
   */
  buildSetupCall(input: { operator: Address; bondValue: Planck | null }): SetupCall;
}

export interface NominationItem {
  stash: Address;
  targets: Address[];
}

/** A signed extrinsic stored before it is sent, so a crash never loses track of it. */
export interface SignedExtrinsic {
  hash: string;
  hex: string;
  nonce: number;
  /** The head when it was signed: inclusion is searched from here. */
  signedAt: BlockRef;
  /** Mortality: the extrinsic is invalid after block `signedAt.number + mortalPeriod`. */
  mortalPeriod: number;
}

export type ItemOutcome =
  | { ok: true }
  /** `error` is `section.Name` of the module error (e.g. `proxy.NotProxy`, `staking.NotController`). */
  | { ok: false; error: string };

export type TrackResult =
  | {
      kind: 'included';
      block: BlockRef;
      extrinsicIndex: number;
      /** One outcome per item, in item order. */
      outcomes: ItemOutcome[];
      /** The fee the signer paid (`transactionPayment.TransactionFeePaid`), if the runtime reports it. */
      fee: Planck | null;
      /** Set when the whole extrinsic failed (e.g. bad origin): every item then failed with it. */
      extrinsicError: string | null;
    }
  /** Never included and can no longer be: re-sign the same items. */
  | { kind: 'expired' };

export interface NominationWriter {
  /** Operator address, or null in read-only mode (no OPERATOR_SEED). */
  operatorAddress(): Address | null;
  /** Split items into batches that each fit one extrinsic within the block limits. */
  packNominations(items: NominationItem[]): Promise<NominationItem[][]>;
  /** `utility.forceBatch(items.map(i => proxy.proxy(i.stash, 'Staking', staking.nominate(i.targets))))`, signed with the next locally counted nonce. */
  signNominationBatch(items: NominationItem[]): Promise<SignedExtrinsic>;
  /**
   * Make sure `signed` reaches a block exactly once and report what happened to each item.
   * Safe to call again after a crash with the same `signed`: it first looks for an earlier
   * inclusion (nonce already used), re-submits the same bytes otherwise, and reports `expired`
   * when the mortality window passed without inclusion.
   */
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options?: TrackOptions): Promise<TrackResult>;
  /** A signature that was neither stored nor sent (its store was refused): its nonce is free again. */
  discard(signed: SignedExtrinsic): void;
}

export interface TrackOptions {
  /**
   * Default true. False: only watch the extrinsic until it lands, is superseded or expires, and
   * never hand it to a node again (some of its items must not be sent any more).
   */
  submit?: boolean;
}
