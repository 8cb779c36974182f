import { unavailable } from '../domain/errors.js';
import type { SignedExtrinsic, TrackResult } from '../domain/ports/extrinsics.js';
import type { Address } from '../domain/shared/types.js';
import { errorMessage, type ChainLogger } from './chain-logger.js';
import type { Inclusion } from './inclusion-reads.js';
import { classifySubmitError } from './submit-errors.js';
import type { TrackerChain } from './tracker-chain.js';
import { ChainTimeoutError } from './with-timeout.js';

/** Blocks without inclusion after which the same bytes are submitted again. */
const RESUBMIT_AFTER_BLOCKS = 5;

export interface ExtrinsicTrackerOptions {
  logger: ChainLogger;
  pollIntervalMs: number;
  /** Wall-clock limit of one `track`; it throws ChainTimeoutError after it (safe to call again). */
  trackTimeoutMs: number;
  /** Told when an extrinsic expired with its nonce unused. */
  onExpired: (signed: SignedExtrinsic) => void;
}

type SubmitState = 'submitted' | 'in-pool' | 'stale' | 'invalid' | 'watched';

/**
 * Brings one signed extrinsic to a finalized block exactly once. The nonce decides: once the
 * signer's nonce in the finalized state passed `signed.nonce`, the extrinsic is either in a
 * finalized block of its mortality window (found by hash) or superseded; while the nonce is
 * unused, the same bytes are (re)submitted until the window is over, then it is expired.
 *
 * Nothing is reported from a block that is not finalized: a reorganisation could still turn that
 * inclusion into nothing (the extrinsic back in a pool, or gone), and an outcome recorded from it
 * would be false. Found in a best block, the extrinsic is reported once that block is finalized,
 * or looked for again if another block took its place.
 */
export class ExtrinsicTracker {
  constructor(
    private readonly chain: TrackerChain,
    private readonly opts: ExtrinsicTrackerOptions,
  ) {}

  /**
   * `submit` false: the extrinsic is only watched (found in a block, superseded or expired), never
   * handed to a node again; for a stored signature some of whose items must no longer be sent.
   */
  async track(
    signer: Address,
    signed: SignedExtrinsic,
    itemCount: number,
    options: { submit: boolean } = { submit: true },
  ): Promise<TrackResult> {
    const deadline = Date.now() + this.opts.trackTimeoutMs;
    const lastValid = signed.signedAt.number + signed.mortalPeriod;
    const timeout = () => new ChainTimeoutError(`tracking ${signed.hash}`, this.opts.trackTimeoutMs);

    const settled = await this.#settled(signer, signed, itemCount);
    if (settled) return settled;

    let state: SubmitState = options.submit ? await this.#submit(signed) : 'watched';
    let submittedVia = this.chain.endpoint();
    let submittedAt: number | null = null;
    let scanned = signed.signedAt.number;
    for (;;) {
      if (Date.now() > deadline) throw timeout();
      const head = await this.chain.bestHead();
      submittedAt ??= head.number;
      if (head.number > scanned) {
        const [from, to] = [scanned + 1, Math.min(head.number, lastValid)];
        const found = await this.chain.findExtrinsic(signed.hash, from, to);
        if (found) {
          const final = await this.#whenFinal(found, signed, itemCount, deadline);
          if (final) return final;
          if (Date.now() > deadline) throw timeout();
          // Reorganised away: look again from the start (it may be in another block, or back in a pool).
          this.opts.logger.warn({ hash: signed.hash, block: found.block.number }, 'inclusion reorganised away');
          scanned = signed.signedAt.number;
          continue;
        }
        scanned = head.number;
      }
      if (state === 'stale') {
        const outcome = await this.#settled(signer, signed, itemCount);
        if (outcome) return outcome;
      }
      // Decided on the finalized head: no reorganisation can bring the extrinsic back after that.
      if ((await this.chain.finalizedHead()).number > lastValid) {
        return (await this.#settled(signer, signed, itemCount)) ?? this.#expired(signed);
      }
      // Another endpoint has its own pool, and a pool may drop a valid extrinsic: hand over the same bytes again.
      const switched = submittedVia !== this.chain.endpoint();
      if (
        state !== 'invalid' &&
        state !== 'watched' &&
        (switched || head.number >= submittedAt + RESUBMIT_AFTER_BLOCKS)
      ) {
        state = await this.#submit(signed);
        submittedVia = this.chain.endpoint();
        submittedAt = head.number;
      }
      await this.chain.waitForHead(head.number, this.opts.pollIntervalMs);
    }
  }

  /**
   * Settled once the signer's nonce in the finalized state moved past `signed.nonce`: included
   * in a finalized block, or superseded by another extrinsic with that nonce. Null while unused.
   */
  async #settled(signer: Address, signed: SignedExtrinsic, itemCount: number): Promise<TrackResult | null> {
    const finalized = await this.chain.finalizedHead();
    const nonce = await this.chain.signerNonce(signer, finalized);
    if (nonce <= signed.nonce) return null;
    const [from, to] = [
      signed.signedAt.number + 1,
      Math.min(finalized.number, signed.signedAt.number + signed.mortalPeriod),
    ];
    const found = await this.chain.findExtrinsic(signed.hash, from, to);
    if (found) return this.#included(found, signed, itemCount);
    this.opts.logger.warn({ hash: signed.hash, nonce: signed.nonce }, 'nonce used by another extrinsic');
    return this.#expired(signed);
  }

  /**
   * The outcome once `found`'s block is finalized; null when the finalized chain holds another
   * block at that height (or the wait ran out of time).
   */
  async #whenFinal(
    found: Inclusion,
    signed: SignedExtrinsic,
    itemCount: number,
    deadline: number,
  ): Promise<TrackResult | null> {
    for (;;) {
      const finalized = await this.chain.finalizedHead();
      if (finalized.number >= found.block.number) {
        const canonical = await this.chain.blockHash(found.block.number);
        return canonical === found.block.hash ? this.#included(found, signed, itemCount) : null;
      }
      if (Date.now() > deadline) return null;
      await this.chain.waitForHead(finalized.number, this.opts.pollIntervalMs);
    }
  }

  async #included(found: Inclusion, signed: SignedExtrinsic, itemCount: number): Promise<TrackResult> {
    this.opts.logger.info({ hash: signed.hash, block: found.block.number }, 'extrinsic included (finalized)');
    return this.chain.readInclusion(found, itemCount);
  }

  async #submit(signed: SignedExtrinsic): Promise<SubmitState> {
    try {
      await this.chain.submit(signed.hex);
      this.opts.logger.info({ hash: signed.hash, nonce: signed.nonce }, 'extrinsic submitted');
      return 'submitted';
    } catch (error) {
      if (error instanceof ChainTimeoutError) throw error;
      const message = errorMessage(error);
      const kind = classifySubmitError(message);
      this.opts.logger.warn({ hash: signed.hash, nonce: signed.nonce, err: message, kind }, 'submit rejected');
      if (kind === 'cannot-pay') throw unavailable('OPERATOR_CANNOT_PAY', 'the operator account cannot pay the fee');
      if (kind === 'transient') throw error;
      return kind;
    }
  }

  #expired(signed: SignedExtrinsic): TrackResult {
    this.opts.onExpired(signed);
    this.opts.logger.warn({ hash: signed.hash, nonce: signed.nonce }, 'extrinsic expired');
    return { kind: 'expired' };
  }
}
