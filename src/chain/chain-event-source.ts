import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { BlockEvents, ChainEventSource } from '../domain/ports/chain-events.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import { decodeBlock, type EventRecordLike, type ExtrinsicLike } from './block-event-decoder.js';
import type { ChainConnection } from './connection.js';
import { finalizedHead } from './inclusion-reads.js';
import { decodeTransfers, type TransferRecordLike } from './transfer-events.js';

export interface ChainEventSourceOptions {
  /** The service's operator: nominations it signed itself are not reported. Null in read-only mode. */
  operatorAddress: Address | null;
}

/**
 * Reads one block at a time for an indexer: its extrinsics and its `system.events`, decoded with
 * the runtime that produced them (`api.at`), so a runtime upgrade between blocks is handled.
 * Reading events needs the block's state: an endpoint that prunes state only serves recent blocks.
 */
export class PolkadotChainEventSource implements ChainEventSource {
  readonly #conn: ChainConnection;
  readonly #operator: Address | null;

  constructor(conn: ChainConnection, options: ChainEventSourceOptions) {
    this.#conn = conn;
    this.#operator =
      options.operatorAddress === null ? null : encodeAddress(decodeAddress(options.operatorAddress), conn.ss58Prefix);
  }

  finalizedHead(): Promise<BlockRef> {
    return this.#conn.call('read finalized head', finalizedHead);
  }

  blockEvents(number: number, accounts: ReadonlySet<Address>): Promise<BlockEvents> {
    return this.#conn.call(`read events of block ${number}`, async (api) => {
      const hash = await api.rpc.chain.getBlockHash(number);
      if (hash.isEmpty) throw new Error(`block ${number} does not exist yet`);
      // Both resolve the block's runtime through the same cached lookup (header, runtime version).
      const [signed, apiAt] = await Promise.all([api.rpc.chain.getBlock(hash), api.at(hash)]);
      const records = (await apiAt.query.system.events()) as unknown as EventRecordLike[];
      const block: BlockRef = { hash: hash.toHex(), number };
      const { events, watch } = decodeBlock({
        extrinsics: signed.block.extrinsics as unknown as ExtrinsicLike[],
        records,
        prefix: this.#conn.ss58Prefix,
        operator: this.#operator,
        accounts,
      });
      // Every transfer, whoever it concerns: the pools' accounts are not among `accounts`.
      const transfers = decodeTransfers(records as unknown as TransferRecordLike[], block, this.#conn.ss58Prefix);
      return { block, events, watch, transfers };
    });
  }
}
