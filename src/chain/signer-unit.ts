import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Call, ExtrinsicEra } from '@polkadot/types/interfaces';
import type { SignerPayloadJSON } from '@polkadot/types/types';
import { compactAddLength, u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { SignedExtrinsic, TrackResult } from '../domain/ports/extrinsics.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import type { ChainLogger } from './chain-logger.js';
import type { ChainConnection } from './connection.js';
import { ExtrinsicTracker } from './extrinsic-tracker.js';
import { trackerChainOf } from './tracker-chain.js';
import { bestHead, finalizedHead } from './inclusion-reads.js';
import { NonceCounter } from './nonce-counter.js';

export interface SignerUnitOptions {
  logger: ChainLogger;
  /** Blocks an extrinsic stays valid; the runtime rounds it up to a power of two (4..65536). */
  mortalPeriod: number;
  pollIntervalMs: number;
  trackTimeoutMs: number;
}

/**
 * Everything one signing account needs in a process, in one place: its key, its nonce counter,
 * its signing queue and its extrinsic tracker. Rounds, payouts and (later) pool transfers of the
 * same account share the unit, so two signatures of one process never take the same nonce;
 * across processes the signing lock (SigningLock) makes the account's batches go one at a time.
 */
export class SignerUnit {
  readonly address: Address;
  readonly #key: KeyringPair;
  readonly #conn: ChainConnection;
  readonly #opts: SignerUnitOptions;
  readonly #nonces = new NonceCounter();
  readonly #tracker: ExtrinsicTracker;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(conn: ChainConnection, key: KeyringPair, options: SignerUnitOptions) {
    this.address = key.address;
    this.#key = key;
    this.#conn = conn;
    this.#opts = options;
    this.#tracker = new ExtrinsicTracker(trackerChainOf(conn), {
      logger: options.logger,
      pollIntervalMs: options.pollIntervalMs,
      trackTimeoutMs: options.trackTimeoutMs,
      // Its nonce was never used: later signatures must reuse it rather than leave a gap.
      onExpired: () => this.#nonces.reset(),
    });
  }

  /**
   * Signs `build(api)` with the next locally counted nonce, mortal from a recent anchor. Serialised:
   * two concurrent signatures must never take the same nonce. `build` may give the call's encoded
   * bytes instead of a Call: a large batch is then signed without decoding it (see signCallBytes).
   */
  sign(
    label: string,
    build: (api: ApiPromise) => Call | Uint8Array,
    logFields: Record<string, unknown> = {},
  ): Promise<SignedExtrinsic> {
    const signed = this.#queue.then(() => this.#sign(label, build, logFields));
    this.#queue = signed.catch(() => undefined);
    return signed;
  }

  /** A signature that was neither stored nor sent: its nonce is free again, the chain decides the next one. */
  discard(signed: SignedExtrinsic): void {
    this.#opts.logger.info({ hash: signed.hash, nonce: signed.nonce }, 'signature discarded unsent');
    this.#nonces.reset();
  }

  track(signed: SignedExtrinsic, itemCount: number, options: { submit?: boolean } = {}): Promise<TrackResult> {
    return this.#tracker.track(this.address, signed, itemCount, { submit: options.submit ?? true });
  }

  async #sign(
    label: string,
    build: (api: ApiPromise) => Call | Uint8Array,
    logFields: Record<string, unknown>,
  ): Promise<SignedExtrinsic> {
    return this.#conn.call(`sign ${label}`, async (api) => {
      const anchor = await this.#anchor(api);
      const chainNext = (await api.rpc.system.accountNextIndex(this.address)).toNumber();
      const nonce = this.#nonces.take(chainNext);
      const call = build(api);
      const era = api.registry.createType('ExtrinsicEra', { current: anchor.number, period: this.#opts.mortalPeriod });
      const signed =
        call instanceof Uint8Array
          ? await signCallBytes(api, this.#key, call, { nonce, era, blockHash: anchor.hash })
          : await signCall(api, this.#key, call, { nonce, era, blockHash: anchor.hash });
      // The runtime rounds the period to a power of two: track the real one.
      const mortalPeriod = era.asMortalEra.period.toNumber();
      this.#opts.logger.info({ hash: signed.hash, nonce, ...logFields, anchor: anchor.number }, `${label} signed`);
      return { ...signed, nonce, signedAt: anchor, mortalPeriod };
    });
  }

  /**
   * The finalized head when it is close to the best one (an anchor that cannot be reorganised
   * away), else the best head.
   */
  async #anchor(api: ApiPromise): Promise<BlockRef> {
    const [best, finalized] = await Promise.all([bestHead(api), finalizedHead(api)]);
    return best.number - finalized.number <= this.#opts.mortalPeriod / 4 ? finalized : best;
  }
}

export interface SigningOptions {
  nonce: number;
  era: ExtrinsicEra;
  blockHash: string;
}

async function signCall(
  api: ApiPromise,
  key: KeyringPair,
  call: Call,
  options: SigningOptions,
): Promise<{ hash: string; hex: string }> {
  const tx = api.tx(call);
  await tx.signAsync(key, options);
  return { hash: tx.hash.toHex(), hex: tx.toHex() };
}

/**
 * Signs a call given as its encoded bytes, with the same bytes `api.tx(call).signAsync(key, options)`
 * gives, without decoding the call: decoding a batch of hundreds of nominations through the codec
 * registry takes most of a second, all of it on the event loop. polkadot-js builds and signs the
 * extrinsic of a one-byte placeholder call (`system.remark`) as it would any other; its signer
 * signs the payload of the real call instead (a V4 payload holds the call as plain bytes), and the
 * placeholder's bytes at the end of the signed extrinsic are replaced by the real call's. In a V4
 * extrinsic nothing else depends on the call: the signer, signature and signed extensions come
 * first, the call last.
 */
export async function signCallBytes(
  api: ApiPromise,
  key: KeyringPair,
  callBytes: Uint8Array,
  options: SigningOptions,
): Promise<{ hash: string; hex: string }> {
  const placeholder = api.tx.system!.remark!('0x');
  const signer = {
    signPayload: (payload: SignerPayloadJSON) => {
      const real = api.registry.createType(
        'ExtrinsicPayload',
        { ...payload, method: u8aToHex(callBytes) },
        { version: payload.version },
      );
      return Promise.resolve({ id: 1, ...real.sign(key) });
    },
  };
  await placeholder.signAsync(key.address, { ...options, signer });
  const signedBare = placeholder.toU8a(true);
  const placeholderCall = placeholder.method.toU8a();
  const head = signedBare.subarray(0, signedBare.length - placeholderCall.length);
  if (!placeholder.isSigned || !u8aEq(signedBare.subarray(head.length), placeholderCall)) {
    throw new Error('the signed placeholder extrinsic does not end with its call: cannot sign call bytes');
  }
  const extrinsic = compactAddLength(u8aConcat(head, callBytes));
  return { hash: blake2AsHex(extrinsic, 256), hex: u8aToHex(extrinsic) };
}
