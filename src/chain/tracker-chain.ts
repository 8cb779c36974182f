import type { TrackResult } from '../domain/ports/extrinsics.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import type { ChainConnection } from './connection.js';
import {
  bestHead,
  finalizedHead,
  findExtrinsic,
  nextHead,
  onChainNonce,
  readInclusion,
  type Inclusion,
} from './inclusion-reads.js';

/** The chain as the extrinsic tracker sees it: a few reads, one submit, one wait. */
export interface TrackerChain {
  bestHead(): Promise<BlockRef>;
  finalizedHead(): Promise<BlockRef>;
  /** Hash of block `number` on the node's canonical chain; null when there is none yet. */
  blockHash(number: number): Promise<string | null>;
  /** The extrinsic in blocks `from..to` of the canonical chain. */
  findExtrinsic(hash: string, from: number, to: number): Promise<Inclusion | null>;
  readInclusion(found: Inclusion, itemCount: number): Promise<TrackResult>;
  /** The signer's nonce in the state of block `at`. */
  signerNonce(signer: Address, at: BlockRef): Promise<number>;
  submit(hex: string): Promise<void>;
  /** Resolves when a head above `after` is seen, or after `waitMs`. */
  waitForHead(after: number, waitMs: number): Promise<void>;
  /** Changes when the connection moved to another endpoint (whose pool has not seen our extrinsic). */
  endpoint(): unknown;
}

export function trackerChainOf(conn: ChainConnection): TrackerChain {
  return {
    bestHead: () => conn.call('read head', bestHead),
    finalizedHead: () => conn.call('read finalized head', finalizedHead),
    blockHash: (number) =>
      conn.call('read block hash', async (api) => {
        const hash = await api.rpc.chain.getBlockHash(number);
        return hash.isEmpty ? null : hash.toHex();
      }),
    findExtrinsic: (hash, from, to) => conn.call('scan blocks', (api) => findExtrinsic(api, hash, from, to)),
    readInclusion: (found, itemCount) =>
      conn.call('read extrinsic events', (api) => readInclusion(api, found, itemCount)),
    signerNonce: (signer, at) =>
      conn.call('read signer nonce', async (api) => onChainNonce(await api.at(at.hash), signer)),
    submit: (hex) => conn.call('submit extrinsic', async (api) => void (await api.rpc.author.submitExtrinsic(hex))),
    waitForHead: (after, waitMs) => conn.call('wait for head', (api) => nextHead(api, after, waitMs), waitMs + 30_000),
    endpoint: () => conn.api(),
  };
}
