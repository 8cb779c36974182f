import type { ChainToken } from '../ports/chain-events.js';
import type { SignedExtrinsic, TrackOptions, TrackResult } from '../ports/extrinsics.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';

/**
 * What the Spending Pools need from the chain (DESIGN §3, §8 Accounts): each pool's account is a
 * pure proxy of the operator, endowed by the operator with the existential deposit, and every
 * payment from it is `proxy.proxy(pool, Any, transfer…)` inside the operator's batches.
 */
export type PoolToken = ChainToken;

/** Largest `index` of `proxy.createPure` (a u16). */
export const MAX_PURE_INDEX = 65_535;

export type PoolTransferItem =
  /** `balances.transferKeepAlive(to, amount)` from the operator: gives a new pool account its existential deposit. */
  | { kind: 'endow'; to: Address; amount: Planck }
  /**
   * `proxy.proxy(from, 'Any', balances.transferKeepAlive | assets.transferKeepAlive(assetId, to, amount))`.
   * Keep-alive: a pool can pay at most its free balance minus the existential deposit (native)
   * or its asset balance minus the asset's minimum; to an account that does not hold the token
   * at least that minimum, and an asset that is not sufficient only to an account holding KSM.
   */
  | { kind: 'pay'; from: Address; to: Address; token: PoolToken; amount: Planck };

/** Tracking of the operator's extrinsics: one signer unit (one nonce counter) whatever it signs. */
export interface OperatorExtrinsics {
  /** Null in read-only mode (no OPERATOR_SEED). */
  operatorAddress(): Address | null;
  /**
   * Brings the extrinsic to a finalized block exactly once (see NominationWriter.sendAndTrack)
   * and reports each item: ok, or the error of the item's call (a proxied call's failure is the
   * item's error), e.g. `Token.FundsUnavailable`, `Token.BelowMinimum`, `assets.BalanceLow`.
   */
  sendAndTrack(signed: SignedExtrinsic, itemCount: number, options?: TrackOptions): Promise<TrackResult>;
  /** A signature that was neither stored nor sent: its nonce is free again. */
  discard(signed: SignedExtrinsic): void;
}

/** Creates the pools' accounts: pure proxies of the operator. */
export interface PoolAccountWriter extends OperatorExtrinsics {
  /**
   * `utility.forceBatch(indices.map(i => proxy.createPure('Any', 0, i)))`. Indices are u16 and
   * distinct within a batch (two equal ones in one extrinsic would be the same account).
   */
  signCreatePureBatch(indices: number[]): Promise<SignedExtrinsic>;
  /**
   * The pure accounts extrinsic `extrinsicIndex` of `block` created for the operator, by index
   * (its `proxy.PureCreated` events); an index whose item failed is absent.
   */
  pureAccountsCreated(block: BlockRef, extrinsicIndex: number): Promise<Map<number, Address>>;
}

/** Moves tokens into and out of the pools' accounts. */
export interface PoolTransferWriter extends OperatorExtrinsics {
  /** Splits items into batches that each fit one extrinsic within the block limits, in order. */
  packPoolTransfers(items: PoolTransferItem[]): Promise<PoolTransferItem[][]>;
  /** `utility.forceBatch` of one call per item: an item's failure never stops the others. */
  signPoolTransferBatch(items: PoolTransferItem[]): Promise<SignedExtrinsic>;
}

export interface AssetInfo {
  assetId: number;
  /** Accounts holding less are removed: a transfer that would leave less, or create one with less, fails. */
  minBalance: Planck;
  /** From `assets.metadata`; null where none was set. */
  decimals: number | null;
  symbol: string | null;
  /** `Live`, `Frozen` or `Destroying`. */
  status: string;
  isSufficient: boolean;
}

/** A value read at one block. */
export interface AtBlock<T> {
  at: BlockRef;
  value: T;
}

export interface TokenBalance {
  account: Address;
  token: PoolToken;
  /** Native: free balance; asset: `assets.account(id, who).balance` (0 when the account holds none). */
  amount: Planck;
}

export interface PoolChainReader {
  /** The native token's existential deposit (`balances.existentialDeposit`). */
  existentialDeposit(): Promise<AtBlock<Planck>>;
  /** The asset's details, null when no such asset exists. */
  asset(assetId: number): Promise<AtBlock<AssetInfo | null>>;
  assetExists(assetId: number): Promise<AtBlock<boolean>>;
  /** Null when no such asset exists. */
  assetMinBalance(assetId: number): Promise<AtBlock<Planck | null>>;
  /** Every (account, token) pair, account by account in the order given, tokens in the order given. */
  balances(accounts: Address[], tokens: PoolToken[]): Promise<AtBlock<TokenBalance[]>>;
  /**
   * Whether `address` already holds `token` (native: a balance above zero, i.e. the account
   * exists; asset: an `assets.account` entry). Only such an account can receive less than the
   * token's minimum.
   */
  holdsAnything(address: Address, token: PoolToken): Promise<AtBlock<boolean>>;
}

/** `native` or `asset:<id>`: a token as a map key. */
export function poolTokenKey(token: PoolToken): string {
  return token.kind === 'native' ? 'native' : `asset:${token.assetId}`;
}
