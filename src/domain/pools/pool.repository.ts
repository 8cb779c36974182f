import type { NonceUse } from '../wallet/authorize.js';
import type { Transaction } from '../governance/proposal.repository.js';
import type { BookCheck } from '../shared/book-check.js';
import type { Page, PageRequest } from '../shared/page.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';
import type { PayoutLine, PoolRegistration, PoolSettings, SpendingPool } from './types.js';

/** One token's books of a pool: deposited = paid + owed + held (held is what nobody is owed yet). */
export interface TokenBooks {
  deposited: Planck;
  paid: Planck;
  /** Lines not paid yet: owed, or in a transfer on its way. */
  owed: Planck;
}

export const heldOf = (b: TokenBooks): Planck => b.deposited - b.paid - b.owed;

export interface PeriodRate {
  periodIndex: number;
  denom: string;
  deposits: Planck;
  totalWeight: string;
  /** Planck per second per unit of weight (exact decimal string). */
  rate: string;
}

/** A transfer into a pool's account seen in a finalized block. */
export interface DepositRecord {
  /** A registry denom, or null for an asset the registry does not know. */
  denom: string | null;
  assetId: number | null;
  amount: Planck;
  from: Address | null;
  block: BlockRef;
  eventIndex: number;
}

/**
 * A pool locked for one change: everything read and written through it commits together, and no
 * other change of the same pool runs meanwhile (claims, settlements, deposits, enactments).
 */
export interface PoolUnit {
  readonly pool: SpendingPool;
  /** Spends a signed request's nonce in this change (first, so that a replay writes nothing). */
  spendNonce(use: NonceUse): Promise<void>;
  books(): Promise<Map<string, TokenBooks>>;
  registrations(): Promise<PoolRegistration[]>;
  register(address: Address, at: Date): Promise<void>;
  setLastClaim(address: Address, at: Date): Promise<void>;
  addLines(lines: PayoutLine[], at: Date): Promise<void>;
  ratedPeriod(): Promise<number>;
  periodRates(fromIndex: number, toIndex: number): Promise<PeriodRate[]>;
  /** Deposits of one dynamic period, per registry denom. */
  periodDeposits(index: number): Promise<Map<string, Planck>>;
  setPeriodRates(index: number, rates: PeriodRate[]): Promise<void>;
  /** Books a deposit once (by block hash and event index); false when it was booked already. */
  bookDeposit(deposit: DepositRecord, periodIndex: number | null, at: Date): Promise<boolean>;
  updateSettings(settings: PoolSettings): Promise<void>;
}

export interface PoolLineView extends PayoutLine {
  id: string;
  status: 'owed' | 'sending' | 'paid';
  note: string | null;
  createdAt: Date;
}

export interface OwedAmount {
  address: Address;
  denom: string;
  amount: Planck;
  note: string | null;
}

export interface PoolRepository {
  /** Creates the pool; 409 NAME_TAKEN when the name is in use (names are never re-used). */
  create(
    input: { name: string; creator: Address; settings: PoolSettings; at: Date },
    nonce: NonceUse,
  ): Promise<SpendingPool>;
  byName(name: string): Promise<SpendingPool | null>;
  byAccount(account: Address): Promise<SpendingPool | null>;
  /** The pools, by name, whose account is one of these (one read for a whole block's transfers). */
  namesByAccount(accounts: Address[]): Promise<Map<Address, string>>;
  names(page: PageRequest): Promise<Page<string>>;
  /** Pools where the address owns (listed or creator), is a listed beneficiary or is registered. */
  namesOf(address: Address, roles: string[]): Promise<string[]>;
  /** Runs `work` with the pool locked; throws 404 POOL_NOT_FOUND when there is no such pool. */
  withPool<T>(name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T>;
  /** The same, inside a governance enactment's transaction (the change commits with the status). */
  withPoolIn<T>(tx: Transaction, name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T>;
  dynamicPoolNames(): Promise<string[]>;
  /** Every pool's name and account (null until it exists on chain). */
  accounts(): Promise<{ name: string; account: Address | null }[]>;
  // reads for the details
  registrations(poolId: string): Promise<PoolRegistration[]>;
  books(poolId: string): Promise<Map<string, TokenBooks>>;
  /** Native planck the operator gave the account (0 until its transfer is in a block). */
  endowment(poolId: string): Promise<Planck>;
  unknownDeposits(poolId: string): Promise<{ assetId: number; amount: Planck }[]>;
  periodRates(poolId: string, fromIndex: number): Promise<PeriodRate[]>;
  periodDeposits(poolId: string, index: number): Promise<Map<string, Planck>>;
  lines(poolId: string, page: PageRequest): Promise<Page<PoolLineView>>;
  /** What the pool owes and has not paid yet, per beneficiary and token (with the latest note of its lines). */
  owedByBeneficiary(poolId: string): Promise<OwedAmount[]>;
  bookChecks(poolId: string): Promise<BookCheck[]>;
  saveBookChecks(poolId: string, checks: BookCheck[]): Promise<void>;
  allBookChecks(): Promise<{ pool: string; check: BookCheck }[]>;
}
