/**
 * The ports the domain needs. Adapters live in src/chain, src/db, src/sources; src/main wires them.
 * Every type here is plain data: no codecs, no Prisma rows.
 */
import type { Address, BlockRef, Perbill, Planck } from './shared/types.js';

export interface Clock {
  now(): Date;
}

/**
 * Block hashes as a public randomness beacon: nobody knows a block's hash before the block exists,
 * and anyone can read it afterwards, so a draw seeded by it can be checked against the chain.
 */
export interface SeedBeacon {
  /** The best head now: a round commits to a block after it. */
  head(): Promise<BlockRef>;
  /** The hash of block `number` once it is finalized (waits for it, bounded: throws when too long). */
  waitFinalizedHash(number: number): Promise<string>;
  /** The hash of block `number` of the finalized chain; null while it is not finalized. */
  finalizedHash(number: number): Promise<string | null>;
}

// ---------------------------------------------------------------- chain reading

export interface ValidatorPrefs {
  commission: Perbill;
  blocked: boolean;
}

/** Who validates, and who is elected in the active era, read at one block. */
export interface ValidatorSetView {
  at: BlockRef;
  activeEra: number;
  /** Every stash in `staking.validators` (intention to validate). */
  validators: Map<Address, ValidatorPrefs>;
  /** The active (elected) set of `activeEra`. */
  elected: Set<Address>;
}

export interface StakingLimits {
  minNominatorBond: Planck;
  /** Null where the runtime has no such item. */
  minimumActiveStake: Planck | null;
  maxNominations: number;
  /**
   * The native token's existential deposit: `staking.bond` refuses less (3,333,333 planck on
   * Kusama Asset Hub, where `minNominatorBond` may be lower; 333,333,333 on the relay chain).
   */
  existentialDeposit: Planck;
}

export type ProxyType = string; // 'Staking', 'Any', 'NonTransfer', …

export interface ProxyDefinition {
  delegate: Address;
  proxyType: ProxyType;
  delay: number;
}

/** What the chain shows for one stash, as the delegation watcher needs it. */
export interface StashView {
  stash: Address;
  /** `staking.ledger` of the stash (null: not bonded). */
  ledger: { total: Planck; active: Planck } | null;
  proxies: ProxyDefinition[];
  /** `staking.nominators` (null: not nominating). Targets in the chain's order. */
  nominations: { targets: Address[]; submittedIn: number } | null;
}

export interface ChainReader {
  /** Genesis hash of the staking chain (0x hex): part of every signed wallet message. */
  genesisHash(): string;
  ss58Prefix(): number;
  /** Symbol and decimals of the staking token. */
  token(): { symbol: string; decimals: number };
  activeEra(): Promise<{ index: number; at: BlockRef }>;
  stakingLimits(): Promise<StakingLimits>;
  validatorSet(): Promise<ValidatorSetView>;
  /** Batched read of many stashes at one block. */
  /** `at`: read in the state of that block instead of the head (e.g. when a signature was made). */
  stashViews(stashes: Address[], at?: BlockRef): Promise<{ at: BlockRef; views: Map<Address, StashView> }>;
}

// ---------------------------------------------------------------- chain writing

/** Call data a wallet signs: hex of the encoded call, with a readable description. */
export interface SetupCall {
  callData: string;
  callHash: string;
  description: string[];
}

export interface SetupBuilder {
  /**
   * `utility.batchAll([staking.bond(value, 'Staked')?, proxy.addProxy(operator, 'Staking', 0)])`;
   * bond is included only when `bondValue` is given.
   */
  buildSetupCall(input: { operator: Address; bondValue: Planck | null }): SetupCall;
}

export interface NominationItem {
  stash: Address;
  targets: Address[];
}

/** A signed extrinsic stored before it is sent, so a crash never loses track of it. */
export interface SignedExtrinsic {
  hash: string;
  hex: string;
  nonce: number;
  /** The head when it was signed: inclusion is searched from here. */
  signedAt: BlockRef;
  /** Mortality: the extrinsic is invalid after block `signedAt.number + mortalPeriod`. */
  mortalPeriod: number;
}

export type ItemOutcome =
  | { ok: true }
  /** `error` is `section.Name` of the module error (e.g. `proxy.NotProxy`, `staking.NotController`). */
  | { ok: false; error: string };

export type TrackResult =
  | {
      kind: 'included';
      block: BlockRef;
      extrinsicIndex: number;
      /** One outcome per item, in item order. */
      outcomes: ItemOutcome[];
      /** The fee the signer paid (`transactionPayment.TransactionFeePaid`), if the runtime reports it. */
      fee: Planck | null;
      /** Set when the whole extrinsic failed (e.g. bad origin): every item then failed with it. */
      extrinsicError: string | null;
    }
  /** Never included and can no longer be: re-sign the same items. */
  | { kind: 'expired' };

export interface NominationWriter {
  /** Operator address, or null in read-only mode (no OPERATOR_SEED). */
  operatorAddress(): Address | null;
  /** Split items into batches that each fit one extrinsic within the block limits. */
  packNominations(items: NominationItem[]): Promise<NominationItem[][]>;
  /** `utility.forceBatch(items.map(i => proxy.proxy(i.stash, 'Staking', staking.nominate(i.targets))))`, signed with the next locally counted nonce. */
  signNominationBatch(items: NominationItem[]): Promise<SignedExtrinsic>;
  /**
   * Make sure `signed` reaches a block exactly once and report what happened to each item.
   * Safe to call again after a crash with the same `signed`: it first looks for an earlier
   * inclusion (nonce already used), re-submits the same bytes otherwise, and reports `expired`
   * when the mortality window passed without inclusion.
   */
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options?: TrackOptions): Promise<TrackResult>;
  /** A signature that was neither stored nor sent (its store was refused): its nonce is free again. */
  discard(signed: SignedExtrinsic): void;
}

export interface TrackOptions {
  /**
   * Default true. False: only watch the extrinsic until it lands, is superseded or expires, and
   * never hand it to a node again (some of its items must not be sent any more).
   */
  submit?: boolean;
}

// ---------------------------------------------------------------- addresses and signatures

export interface AddressCodec {
  /** The address re-encoded for the network's SS58 prefix, or null when it is not a valid address of that network. */
  normalize(address: string): Address | null;
}

export interface SignatureVerifier {
  /** sr25519, ed25519 or ecdsa signature by `address` of `message`, bare or wrapped in <Bytes>…</Bytes>. */
  verify(message: string, signature: string, address: Address): boolean;
}

// ---------------------------------------------------------------- candidate sources

/** One raw document of a candidate source (1KV `/candidates` JSON, a stash list, a roster). */
export interface CandidateDocument {
  /** Where it came from (URL or file path), for the record. */
  source: string;
  /** The body as fetched; parsing is a domain rule (candidates/parse-candidates.ts). */
  body: string;
}

export interface CandidateSource {
  describe(): string;
  fetch(): Promise<CandidateDocument>;
}

// ---------------------------------------------------------------- operations

/** One job queue as the admin job-status view shows it. */
export interface QueueStatus {
  name: string;
  counts: Record<string, number>;
  jobs: {
    id: string | null;
    name: string;
    state: string;
    progress: unknown;
    attemptsMade: number;
    failedReason: string | null;
    timestamp: number;
  }[];
}

// ---------------------------------------------------------------- chain events (indexer)

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

// ---------------------------------------------------------------- payouts

export interface PayoutItem {
  era: number;
  validator: Address;
  page: number;
}

export interface ExposurePages {
  validator: Address;
  /** Pages of this validator's exposure in the era (1 on runtimes without paged exposures). */
  pageCount: number;
  /** Only the pages that hold one of the stashes asked about. */
  pages: { page: number; stashes: Address[] }[];
}

export interface PayoutReader {
  /** `staking.historyDepth`: eras older than activeEra - historyDepth can no longer be paid. */
  historyDepth(): number;
  /** True when the era has ended and its reward is known (`erasValidatorReward(era)` is set). */
  eraRewardKnown(era: number): Promise<boolean>;
  /** Exposures in `era` of `validators` that hold one of `stashes` (validators not exposed are left out). */
  exposures(era: number, validators: Address[], stashes: ReadonlySet<Address>): Promise<ExposurePages[]>;
  /** Pages of (era, validator) already paid, by anyone. */
  claimedPages(era: number, validator: Address): Promise<Set<number>>;
}

export interface PayoutWriter {
  operatorAddress(): Address | null;
  /** Split items into batches that each fit one extrinsic within the block limits. */
  packPayouts(items: PayoutItem[]): Promise<PayoutItem[][]>;
  /** `utility.forceBatch(items.map(payoutStakersByPage | payoutStakers))`, signed by the operator. */
  signPayoutBatch(items: PayoutItem[]): Promise<SignedExtrinsic>;
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options?: TrackOptions): Promise<TrackResult>;
  discard(signed: SignedExtrinsic): void;
}
