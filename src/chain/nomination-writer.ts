import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Call } from '@polkadot/types/interfaces';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { unavailable } from '../domain/errors.js';
import type {
  NominationItem,
  NominationWriter,
  SetupBuilder,
  SetupCall,
  SignedExtrinsic,
  TrackResult,
} from '../domain/ports.js';
import type { Address, BlockRef, Planck } from '../domain/shared/types.js';
import { sizeNominationBatches } from './batch-sizing.js';
import { capabilitySourceFromApi, detectCapabilities } from './capabilities.js';
import { silentLogger, type ChainLogger } from './chain-logger.js';
import type { ChainConnection } from './connection.js';
import { ExtrinsicTracker } from './extrinsic-tracker.js';
import { bestHead, finalizedHead } from './inclusion-reads.js';
import { buildNominationBatchCall, callFactoryFromApi } from './nomination-calls.js';
import { NonceCounter } from './nonce-counter.js';
import { createOperatorSigner } from './operator-signer.js';
import { PolkadotSetupBuilder } from './setup-builder.js';

export interface NominationWriterOptions {
  /** Secret URI of the operator (OPERATOR_SEED); null: nothing can be signed. */
  operatorSeed: string | null;
  /**
   * The operator's address without its key (OPERATOR_ADDRESS): the API process hands it out in
   * setup calls and never signs. With a seed too, the two must be the same account.
   */
  operatorAddress?: string | null;
  logger?: ChainLogger;
  /** Blocks an extrinsic stays valid; the runtime rounds it up to a power of two (4..65536). */
  mortalPeriod?: number;
  maxItemsPerBatch?: number | null;
  /** Share of each per-extrinsic limit a batch may use. */
  safetyMarginPercent?: number;
  /** Longest wait between two looks at the head while tracking. */
  pollIntervalMs?: number;
  /** Wall-clock limit of one sendAndTrack call; it throws ChainTimeoutError after it (safe to call again). */
  trackTimeoutMs?: number;
}

/**
 * Signs and tracks the operator's nomination batches. Exactly-once comes from the nonce: a
 * signed extrinsic is either included (found by hash), superseded (its nonce used by another
 * extrinsic) or expired (its mortality passed with the nonce unused); nothing else can happen to it.
 */
export class PolkadotNominationWriter implements NominationWriter, SetupBuilder {
  readonly #conn: ChainConnection;
  readonly #operator: KeyringPair | null;
  readonly #address: Address | null;
  readonly #log: ChainLogger;
  readonly #opts: Required<Omit<NominationWriterOptions, 'operatorSeed' | 'operatorAddress' | 'logger'>>;
  readonly #nonces = new NonceCounter();
  readonly #setup: PolkadotSetupBuilder;
  readonly #tracker: ExtrinsicTracker;
  #signing: Promise<unknown> = Promise.resolve();

  private constructor(
    conn: ChainConnection,
    operator: KeyringPair | null,
    address: Address | null,
    options: NominationWriterOptions,
  ) {
    this.#conn = conn;
    this.#operator = operator;
    this.#address = address;
    this.#log = options.logger ?? silentLogger;
    this.#setup = new PolkadotSetupBuilder(conn);
    this.#opts = {
      mortalPeriod: options.mortalPeriod ?? 64,
      maxItemsPerBatch: options.maxItemsPerBatch ?? null,
      safetyMarginPercent: options.safetyMarginPercent ?? 75,
      pollIntervalMs: options.pollIntervalMs ?? 2_000,
      trackTimeoutMs: options.trackTimeoutMs ?? 15 * 60_000,
    };
    this.#tracker = new ExtrinsicTracker(conn, {
      logger: this.#log,
      pollIntervalMs: this.#opts.pollIntervalMs,
      trackTimeoutMs: this.#opts.trackTimeoutMs,
      // Its nonce was never used: later signatures must reuse it rather than leave a gap.
      onExpired: () => this.#nonces.reset(),
    });
  }

  static async create(conn: ChainConnection, options: NominationWriterOptions): Promise<PolkadotNominationWriter> {
    const operator = await createOperatorSigner(options.operatorSeed, conn.ss58Prefix);
    const given = options.operatorAddress ? networkAddress(options.operatorAddress, conn.ss58Prefix) : null;
    if (operator && given && given !== operator.address)
      throw new Error(
        `Invalid configuration:\n- OPERATOR_ADDRESS ${given} is not the account of OPERATOR_SEED (${operator.address})`,
      );
    return new PolkadotNominationWriter(conn, operator, operator?.address ?? given, options);
  }

  operatorAddress(): Address | null {
    return this.#address;
  }

  buildSetupCall(input: { operator: Address; bondValue: Planck | null }): SetupCall {
    return this.#setup.buildSetupCall(input);
  }

  async packNominations(items: NominationItem[]): Promise<NominationItem[][]> {
    if (items.length === 0) return [];
    return this.#conn.call('size nomination batches', (api) =>
      sizeNominationBatches(api, items, {
        safetyMarginPercent: this.#opts.safetyMarginPercent,
        maxItemsPerBatch: this.#opts.maxItemsPerBatch,
        // Any account can be fake-signed for a fee estimate; read-only mode has no operator.
        signerAddress: this.#operator?.address ?? encodeAddress(new Uint8Array(32), this.#conn.ss58Prefix),
        proxyType: stakingProxyType(api),
      }),
    );
  }

  async signNominationBatch(items: NominationItem[]): Promise<SignedExtrinsic> {
    return this.signOperatorCall(
      'nomination batch',
      (api) => buildNominationBatchCall(callFactoryFromApi(api), items, stakingProxyType(api)),
      { items: items.length },
    );
  }

  /**
   * Signs `build(api)` as the operator with the next locally counted nonce, mortal from a recent
   * anchor. Every extrinsic of the operator goes through here (nominations, payouts): one nonce
   * counter and one signing queue per operator, and `sendAndTrack` tracks any of them.
   */
  async signOperatorCall(
    label: string,
    build: (api: ApiPromise) => Call,
    logFields: Record<string, unknown> = {},
  ): Promise<SignedExtrinsic> {
    const operator = this.#requireOperator();
    // One signer, serialised: two concurrent signatures must never take the same nonce.
    const signed = this.#signing.then(() => this.#sign(operator, label, build, logFields));
    this.#signing = signed.catch(() => undefined);
    return signed;
  }

  async sendAndTrack(signed: SignedExtrinsic, itemCount: number): Promise<TrackResult> {
    return this.#tracker.track(this.#requireOperator().address, signed, itemCount);
  }

  async #sign(
    operator: KeyringPair,
    label: string,
    build: (api: ApiPromise) => Call,
    logFields: Record<string, unknown>,
  ): Promise<SignedExtrinsic> {
    return this.#conn.call(`sign ${label}`, async (api) => {
      const anchor = await this.#anchor(api);
      const chainNext = (await api.rpc.system.accountNextIndex(operator.address)).toNumber();
      const nonce = this.#nonces.take(chainNext);
      const tx = api.tx(build(api));
      const era = api.registry.createType('ExtrinsicEra', { current: anchor.number, period: this.#opts.mortalPeriod });
      await tx.signAsync(operator, { nonce, era, blockHash: anchor.hash });
      // The runtime rounds the period to a power of two: track the real one.
      const mortalPeriod = era.asMortalEra.period.toNumber();
      this.#log.info({ hash: tx.hash.toHex(), nonce, ...logFields, anchor: anchor.number }, `${label} signed`);
      return { hash: tx.hash.toHex(), hex: tx.toHex(), nonce, signedAt: anchor, mortalPeriod };
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

  #requireOperator(): KeyringPair {
    if (!this.#operator) throw unavailable('OPERATOR_MISSING', 'no operator key configured (read-only mode)');
    return this.#operator;
  }
}

/** The address in this network's format; anything else is a configuration error. */
function networkAddress(value: string, prefix: number): Address {
  try {
    const decoded = decodeAddress(value, false, prefix);
    return encodeAddress(decoded, prefix);
  } catch {
    throw new Error(
      `Invalid configuration:\n- OPERATOR_ADDRESS ${value} is not an address of this network (SS58 prefix ${prefix})`,
    );
  }
}

function stakingProxyType(api: ApiPromise): string {
  return detectCapabilities(capabilitySourceFromApi(api)).stakingProxyType ?? 'Staking';
}
