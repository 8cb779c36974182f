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
} from '../domain/ports/extrinsics.js';
import type { Address, Planck } from '../domain/shared/types.js';
import { sizeNominationBatches } from './batch-sizing.js';
import { capabilitySourceFromApi, detectCapabilities } from './capabilities.js';
import { silentLogger, type ChainLogger } from './chain-logger.js';
import type { ChainConnection } from './connection.js';
import { buildNominationBatchCall, callFactoryFromApi } from './nomination-calls.js';
import { NominationEncoder, nominationEncoderFor } from './nomination-encoder.js';
import { createOperatorSigner } from './operator-signer.js';
import { PolkadotSetupBuilder } from './setup-builder.js';
import { SignerUnit } from './signer-unit.js';

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
  readonly #setup: PolkadotSetupBuilder;
  /** The operator's signer unit (null in read-only mode): shared by every writer of the process. */
  readonly #unit: SignerUnit | null;
  readonly #warned = new WeakSet<Error>();

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
    this.#unit = operator
      ? new SignerUnit(conn, operator, {
          logger: this.#log,
          mortalPeriod: this.#opts.mortalPeriod,
          pollIntervalMs: this.#opts.pollIntervalMs,
          trackTimeoutMs: this.#opts.trackTimeoutMs,
        })
      : null;
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
    return this.#conn.call('size nomination batches', (api) => {
      const proxyType = stakingProxyType(api);
      return sizeNominationBatches(api, items, {
        safetyMarginPercent: this.#opts.safetyMarginPercent,
        maxItemsPerBatch: this.#opts.maxItemsPerBatch,
        // Any account can be fake-signed for a fee estimate; read-only mode has no operator.
        signerAddress: this.#operator?.address ?? encodeAddress(new Uint8Array(32), this.#conn.ss58Prefix),
        proxyType,
        encoder: this.#encoder(api, proxyType),
      });
    });
  }

  /** Signed from the encoder's bytes (no call decoded on the event loop); through the registry if it has none. */
  async signNominationBatch(items: NominationItem[]): Promise<SignedExtrinsic> {
    return this.#requireUnit().sign(
      'nomination batch',
      (api) => {
        const proxyType = stakingProxyType(api);
        const encoder = this.#encoder(api, proxyType);
        return encoder
          ? encoder.encodeBatch(items)
          : buildNominationBatchCall(callFactoryFromApi(api), items, proxyType);
      },
      { items: items.length },
    );
  }

  /** This runtime's nomination encoder, or null (and a warning, once per runtime) when its calls are shaped otherwise. */
  #encoder(api: ApiPromise, proxyType: string): NominationEncoder | null {
    const encoder = nominationEncoderFor(api, proxyType);
    if (encoder instanceof NominationEncoder) return encoder;
    if (!this.#warned.has(encoder)) {
      this.#warned.add(encoder);
      this.#log.warn({ reason: encoder.message }, 'nomination calls built through the codec registry (slower)');
    }
    return null;
  }

  /**
   * Signs `build(api)` as the operator (see SignerUnit.sign). Every extrinsic of the operator goes
   * through its one signer unit (nominations, payouts), and `sendAndTrack` tracks any of them.
   */
  signOperatorCall(
    label: string,
    build: (api: ApiPromise) => Call,
    logFields: Record<string, unknown> = {},
  ): Promise<SignedExtrinsic> {
    return this.#requireUnit().sign(label, build, logFields);
  }

  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: { submit?: boolean } = {}): Promise<TrackResult> {
    return this.#requireUnit().track(signed, itemCount, options);
  }

  discard(signed: SignedExtrinsic): void {
    this.#requireUnit().discard(signed);
  }

  #requireUnit(): SignerUnit {
    if (!this.#unit) throw unavailable('OPERATOR_MISSING', 'no operator key configured (read-only mode)');
    return this.#unit;
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
