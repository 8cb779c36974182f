import type { ApiPromise } from '@polkadot/api';
import { unavailable } from '../domain/errors.js';
import type { SignedExtrinsic, TrackResult } from '../domain/ports.js';
import type { Address } from '../domain/shared/types.js';
import { errorMessage, type ChainLogger } from './chain-logger.js';
import type { ChainConnection } from './connection.js';
import { bestHead, finalizedHead, findExtrinsic, nextHead, onChainNonce, readInclusion } from './inclusion-reads.js';
import { classifySubmitError } from './submit-errors.js';
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
 * Brings one signed extrinsic to a block exactly once. The nonce decides: once the signer's
 * on-chain nonce passed `signed.nonce`, the extrinsic is either in a block of its mortality window
 * (found by hash) or superseded; while the nonce is unused, the same bytes are (re)submitted until
 * the window is over, then it is expired.
 */
export class ExtrinsicTracker {
  constructor(
    private readonly conn: ChainConnection,
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

    const settled = await this.#settled(signer, signed, itemCount);
    if (settled) return settled;

    let state: SubmitState = options.submit ? await this.#submit(signed) : 'watched';
    let submittedVia: ApiPromise = this.conn.api();
    let submittedAt: number | null = null;
    let scanned = signed.signedAt.number;
    for (;;) {
      if (Date.now() > deadline) throw new ChainTimeoutError(`tracking ${signed.hash}`, this.opts.trackTimeoutMs);
      const head = await this.conn.call('read head', bestHead);
      submittedAt ??= head.number;
      if (head.number > scanned) {
        const [from, to] = [scanned + 1, Math.min(head.number, lastValid)];
        const found = await this.conn.call('scan blocks', (api) => findExtrinsic(api, signed.hash, from, to));
        if (found) return this.#included(found, signed, itemCount);
        scanned = head.number;
      }
      if (state === 'stale') {
        const outcome = await this.#settled(signer, signed, itemCount);
        if (outcome) return outcome;
      }
      // Decided on the finalized head: no reorganisation can bring the extrinsic back after that.
      if ((await this.conn.call('read finalized head', finalizedHead)).number > lastValid) {
        return (await this.#settled(signer, signed, itemCount)) ?? this.#expired(signed);
      }
      // Another endpoint has its own pool, and a pool may drop a valid extrinsic: hand over the same bytes again.
      const switched = submittedVia !== this.conn.api();
      if (state !== 'invalid' && state !== 'watched' && (switched || head.number >= submittedAt + RESUBMIT_AFTER_BLOCKS)) {
        state = await this.#submit(signed);
        submittedVia = this.conn.api();
        submittedAt = head.number;
      }
      const wait = this.opts.pollIntervalMs;
      await this.conn.call('wait for head', (api) => nextHead(api, head.number, wait), wait + 30_000);
    }
  }

  /** Included or superseded once the signer's nonce moved past `signed.nonce`; null while it is unused. */
  async #settled(signer: Address, signed: SignedExtrinsic, itemCount: number): Promise<TrackResult | null> {
    const nonce = await this.conn.call('read signer nonce', (api) => onChainNonce(api, signer));
    if (nonce <= signed.nonce) return null;
    const head = await this.conn.call('read head', bestHead);
    const [from, to] = [
      signed.signedAt.number + 1,
      Math.min(head.number, signed.signedAt.number + signed.mortalPeriod),
    ];
    const found = await this.conn.call('scan blocks', (api) => findExtrinsic(api, signed.hash, from, to));
    if (found) return this.#included(found, signed, itemCount);
    this.opts.logger.warn({ hash: signed.hash, nonce: signed.nonce }, 'nonce used by another extrinsic');
    return this.#expired(signed);
  }

  async #included(
    found: { block: { hash: string; number: number }; extrinsicIndex: number },
    signed: SignedExtrinsic,
    itemCount: number,
  ): Promise<TrackResult> {
    this.opts.logger.info({ hash: signed.hash, block: found.block.number }, 'extrinsic included');
    return this.conn.call('read extrinsic events', (api) => readInclusion(api, found, itemCount));
  }

  async #submit(signed: SignedExtrinsic): Promise<SubmitState> {
    try {
      await this.conn.call('submit extrinsic', (api) => api.rpc.author.submitExtrinsic(signed.hex));
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
