/** What the indexer reads from finalized blocks. Plain data only: no codecs, no Prisma rows. */
import type { Address, BlockRef, Planck } from '../shared/types.js';

export type ChainEventKind =
  | 'rewarded' // staking.Rewarded: a payout credited the stash (whoever triggered it)
  | 'proxy_added'
  | 'proxy_removed'
  | 'payee_set'
  | 'bonded'
  | 'unbonded'
  | 'withdrawn'
  | 'chilled'
  /** staking.nominate / chill / validate called for the stash by anyone but the operator (decoded from the extrinsic, nested calls included). */
  | 'nominations_changed'
  /** proxy.removeProxies / killPure called by the stash (they emit no ProxyRemoved event; decoded from the extrinsic). */
  | 'proxies_removed'
  /**
   * Another call that changed the stash's payee, controller or ledger and that no event reports
   * (setPayee, setController, updatePayee, kick of the stash as nominator, reapStash…); detail.call
   * is `section.method` (setPayee: with payee, payeeAccount).
   */
  | 'account_changed';

export interface ChainEvent {
  /** Unique within its block: `e<event index>` for events, `x<extrinsic index>.<n>` for decoded calls. */
  key: string;
  kind: ChainEventKind;
  /** The stash concerned (for proxy events: the delegator, i.e. the real account). */
  account: Address;
  extrinsicIndex: number | null;
  extrinsicHash: string | null;
  /** Who signed the extrinsic, when the event came from one. */
  signer: Address | null;
  /** rewarded, bonded, unbonded, withdrawn. */
  amount: Planck | null;
  /** rewarded: the era and the validator of the payout (from the `PayoutStarted` event before it). */
  era: number | null;
  validator: Address | null;
  /** Kind-specific readable fields: dest (rewarded), delegate and proxyType (proxy_*), payee, targets (comma-separated). */
  detail: Record<string, string>;
}

export interface BlockEvents {
  block: BlockRef;
  /** What changed, as far as it ran. */
  events: ChainEvent[];
  /**
   * Accounts asked about that an extrinsic of the block may have changed (proxies, bond, payee,
   * nominations; however nested: batch, proxy, multisig), whether or not its call ran.
   */
  watch: Address[];
  /**
   * Every token transfer the block made (any accounts, in event order); absent where the source
   * does not decode them.
   */
  transfers?: ChainTransfer[];
}

/** A token of the chain: the native one (`balances`) or an asset of the `assets` pallet. */
export type ChainToken = { kind: 'native' } | { kind: 'asset'; assetId: number };

/**
 * A transfer that ran in a finalized block: `balances.Transfer`, `assets.Transferred` or
 * `assets.Issued` (from: null, a mint). Unique by (blockHash, eventIndex).
 */
export interface ChainTransfer {
  token: ChainToken;
  from: Address | null;
  to: Address;
  amount: Planck;
  blockHash: string;
  blockNumber: number;
  /** The event's index in the block's `system.events`. */
  eventIndex: number;
  /** The extrinsic that made it (null: block initialisation or finalisation). */
  extrinsicIndex: number | null;
}

export interface ChainEventSource {
  finalizedHead(): Promise<BlockRef>;
  /** The events of one block (by number, on the finalized chain) that concern one of `accounts`. */
  blockEvents(number: number, accounts: ReadonlySet<Address>): Promise<BlockEvents>;
}
