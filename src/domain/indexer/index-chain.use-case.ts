import type {
  BlockEvents,
  ChainEvent,
  ChainEventKind,
  ChainEventSource,
  ChainTransfer,
} from '../ports/chain-events.js';
import type { Address, BlockRef } from '../shared/types.js';
import type { IndexedEventRepository } from './indexed-event.repository.js';

/** Events after which a delegation's status may have changed: the watcher looks at once. */
const WATCHED_KINDS: ReadonlySet<ChainEventKind> = new Set([
  'proxy_added',
  'proxy_removed',
  'nominations_changed',
  'proxies_removed',
  'account_changed',
  'chilled',
  'bonded',
  'unbonded',
  'withdrawn',
]);

/** Blocks read at once, the one being stored included. */
const READ_AHEAD = 8;

export interface IndexProgress {
  cursor: number;
  head: number;
  indexed: number;
}

export interface IndexChainDeps {
  source: ChainEventSource;
  events: IndexedEventRepository;
  /** Re-reads these stashes' delegations against the chain (the delegation watcher, narrowed). */
  watch: (stashes: Address[]) => Promise<void>;
  onProgress?: (progress: IndexProgress) => void | Promise<void>;
  /**
   * The block's token transfers (any accounts), when it made any, before the cursor moves past
   * it: after a crash the block is read again and the hook is called again with the same
   * transfers, so what it books must be idempotent by (blockHash, eventIndex).
   */
  onTransfers?: (transfers: ChainTransfer[], block: BlockRef) => Promise<void>;
  /**
   * Every block's events of tracked accounts and the stashes the watcher just re-read, after the
   * watcher and before the cursor moves (so, like onTransfers, idempotent by block and event):
   * collectives book the rewards paid to their accounts and look for broken commitments here.
   */
  onBlock?: (seen: { block: BlockRef; events: ChainEvent[]; touched: Address[] }) => Promise<void>;
}

export interface IndexReport {
  from: number | null;
  to: number | null;
  head: BlockRef;
  blocks: number;
  events: number;
}

/**
 * Follows finalized blocks from the stored cursor, a bounded number per run. A block's events are
 * stored with the cursor in one transaction, so a crash re-indexes at most that block and no event
 * is recorded twice. A first run starts at the current head: history before it is not indexed.
 */
export async function indexChain(deps: IndexChainDeps, options: { maxBlocks: number }): Promise<IndexReport> {
  const head = await deps.source.finalizedHead();
  const cursor = (await deps.events.cursor()) ?? head.number - 1;
  const last = Math.min(head.number, cursor + options.maxBlocks);
  const report: IndexReport = { from: null, to: null, head, blocks: 0, events: 0 };
  if (last <= cursor) return report;
  const accounts = await deps.events.trackedAccounts();
  // Blocks are read a few ahead of the one being stored: a block's reads are several round trips
  // one after the other, which would otherwise leave the chain connection idle while the
  // database writes and the other way round. Blocks are still handled and stored in order.
  const reads = new Map<number, Promise<BlockEvents>>();
  const readAhead = (from: number) => {
    for (let n = from; n <= Math.min(last, from + READ_AHEAD - 1); n++) {
      if (reads.has(n)) continue;
      const read = deps.source.blockEvents(n, accounts);
      read.catch(() => undefined); // awaited in order below; a run that stops early drops it
      reads.set(n, read);
    }
  };
  for (let n = cursor + 1; n <= last; n++) {
    readAhead(n);
    const read = reads.get(n)!;
    reads.delete(n);
    const { block, events, watch, transfers } = await read;
    // `watch` adds the stashes whose calls did not run or changed nothing an event reports:
    // re-reading a stash that did not change costs a read, missing one leaves it active.
    const touched = [
      ...new Set([...events.filter((e) => WATCHED_KINDS.has(e.kind)).map((e) => e.account), ...watch]),
    ].filter((a) => accounts.has(a));
    // Before the cursor moves: after a crash the block is indexed again and the watcher runs again.
    if (touched.length > 0) await deps.watch(touched);
    if (deps.onBlock && (events.length > 0 || touched.length > 0)) await deps.onBlock({ block, events, touched });
    if (deps.onTransfers && transfers && transfers.length > 0) await deps.onTransfers(transfers, block);
    report.events += await deps.events.saveBlock(block, events);
    report.from ??= n;
    report.to = n;
    report.blocks++;
    if (report.blocks % 50 === 0 || n === last)
      await deps.onProgress?.({ cursor: n, head: head.number, indexed: report.blocks });
  }
  return report;
}
