import type { Codec } from '@polkadot/types/types';
import type { PoolAccountWriter } from '../domain/pools/pool-chain.js';
import type { SignedExtrinsic } from '../domain/ports/extrinsics.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import { address, num } from './codec-values.js';
import { eventFields, pick, type EventLike } from './event-fields.js';
import { callFactoryFromApi } from './nomination-calls.js';
import { OperatorBatchWriter } from './operator-batch-writer.js';
import { buildCreatePureBatchCall, checkPureIndices, POOL_PROXY_TYPE } from './pool-calls.js';

interface EventRecordLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec };
  event: EventLike;
}

/** Creates the pools' accounts as pure proxies of the operator (signing and tracking: see OperatorBatchWriter). */
export class PolkadotPoolAccountWriter extends OperatorBatchWriter implements PoolAccountWriter {
  async signCreatePureBatch(indices: number[]): Promise<SignedExtrinsic> {
    checkPureIndices(indices);
    return this.sign(
      'pure proxy batch',
      (api) => buildCreatePureBatchCall(callFactoryFromApi(api), indices),
      indices.length,
    );
  }

  /**
   * Read from the events, not derived: the address hashes the block number and the extrinsic's
   * index, which only the inclusion fixes. `PureCreated { pure, who, proxyType, disambiguationIndex }`.
   */
  async pureAccountsCreated(block: BlockRef, extrinsicIndex: number): Promise<Map<number, Address>> {
    const operator = this.operatorAddress();
    if (operator === null) throw new Error('no operator address: no pure proxy of it to look for');
    const prefix = this.conn.ss58Prefix;
    return this.conn.call(`read pure proxies of ${block.number}/${extrinsicIndex}`, async (api) => {
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
}
