import type { Codec } from '@polkadot/types/types';
import type { PoolAccountWriter } from '../domain/pools/pool-chain.js';
import type { SignedExtrinsic, TrackOptions, TrackResult } from '../domain/ports/extrinsics.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import { address, num } from './codec-values.js';
import type { ChainConnection } from './connection.js';
import { eventFields, pick, type EventLike } from './event-fields.js';
import { callFactoryFromApi } from './nomination-calls.js';
import type { PolkadotNominationWriter } from './nomination-writer.js';
import { buildCreatePureBatchCall, checkPureIndices, POOL_PROXY_TYPE } from './pool-calls.js';

interface EventRecordLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec };
  event: EventLike;
}

/**
 * Creates the pools' accounts as pure proxies of the operator. Signing and tracking are the
 * nomination writer's: the operator has one nonce counter and one signing queue in a process.
 */
export class PolkadotPoolAccountWriter implements PoolAccountWriter {
  readonly #conn: ChainConnection;
  readonly #operator: PolkadotNominationWriter;

  constructor(conn: ChainConnection, operator: PolkadotNominationWriter) {
    this.#conn = conn;
    this.#operator = operator;
  }

  operatorAddress(): Address | null {
    return this.#operator.operatorAddress();
  }

  async signCreatePureBatch(indices: number[]): Promise<SignedExtrinsic> {
    checkPureIndices(indices);
    return this.#operator.signOperatorCall(
      'pure proxy batch',
      (api) => buildCreatePureBatchCall(callFactoryFromApi(api), indices),
      { items: indices.length },
    );
  }

  /**
   * Read from the events, not derived: the address hashes the block number and the extrinsic's
   * index, which only the inclusion fixes. `PureCreated { pure, who, proxyType, disambiguationIndex }`.
   */
  async pureAccountsCreated(block: BlockRef, extrinsicIndex: number): Promise<Map<number, Address>> {
    const operator = this.operatorAddress();
    if (operator === null) throw new Error('no operator address: no pure proxy of it to look for');
    const prefix = this.#conn.ss58Prefix;
    return this.#conn.call(`read pure proxies of ${block.number}/${extrinsicIndex}`, async (api) => {
      const apiAt = await api.at(block.hash);
      const records = (await apiAt.query.system.events()) as unknown as EventRecordLike[];
      const created = new Map<number, Address>();
      for (const { phase, event } of records) {
        if (!phase.isApplyExtrinsic || num(phase.asApplyExtrinsic) !== extrinsicIndex) continue;
        if (event.section !== 'proxy' || event.method !== 'PureCreated') continue;
        const fields = eventFields(event);
        const [pure, who, type, index] = [
          pick(fields, 'pure', 'anonymous'),
          pick(fields, 'who'),
          pick(fields, 'proxyType'),
          pick(fields, 'disambiguationIndex'),
        ];
        if (!pure || !who || !type || !index) continue;
        if (address(who, prefix) !== operator || (type as unknown as { type: string }).type !== POOL_PROXY_TYPE)
          continue;
        created.set(num(index), address(pure, prefix));
      }
      return created;
    });
  }

  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options: TrackOptions = {}): Promise<TrackResult> {
    return this.#operator.sendAndTrack(signed, itemCount, options);
  }

  discard(signed: SignedExtrinsic): void {
    this.#operator.discard(signed);
  }
}
