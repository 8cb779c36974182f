/**
 * Fixtures for the tests of the collectives' money (rewards booked, distributions, books,
 * reconciliation): collectives seeded straight into the in-memory repository (no signed
 * requests: those are the actions' tests), rewarded events as the indexer hands them, and small
 * fakes of the registries, the stakes at a block and the chain's balances that record their reads.
 */
import type { StakeReader, StakeView } from '../../src/domain/collectives/collective-chain.js';
import type { CollectiveRegistries, CollectiveToken } from '../../src/domain/collectives/collective-deps.js';
import type { Bond, CollectiveSettings, PoolShare } from '../../src/domain/collectives/types.js';
import type { ChainEvent, ChainToken } from '../../src/domain/ports/chain-events.js';
import type { PoolChainReader, TokenBalance } from '../../src/domain/pools/pool-chain.js';
import type { Address, BlockRef, Planck } from '../../src/domain/shared/types.js';
import { InMemoryCollectiveRepository } from './in-memory-collectives.js';
import { TestClock } from './in-memory-governance.js';

export const T0 = 1_893_456_000; // 2030-01-01T00:00:00Z
export const DAY = 86_400;

export function moneySettings(spendingPools: PoolShare[], s: Partial<CollectiveSettings> = {}): CollectiveSettings {
  return {
    description: '',
    depositWhitelist: { any: true, roles: [], accounts: [] },
    ownersWhitelist: { roles: [], accounts: [] },
    spendingPools,
    claimStart: T0,
    claimPeriod: DAY,
    claimEnd: 0,
    voteQuorum: '0.51',
    votePeriod: 600,
    voteEnactment: 300,
    ...s,
  };
}

export interface SeededContributor {
  address: Address;
  /** Planck of KSM committed. */
  ksm: Planck;
  donation?: string;
  /** Bonds in other denoms, beside the KSM one. */
  other?: Bond[];
}

let nonceSeq = 0;

/**
 * A collective with these contributors (the first is the creator), these pools, and an account
 * on chain endowed with `endowment` (no account when `account` is null).
 */
export async function seedCollective(
  repo: InMemoryCollectiveRepository,
  input: {
    name: string;
    contributors: SeededContributor[];
    pools?: PoolShare[];
    account?: Address | null;
    endowment?: Planck;
    settings?: Partial<CollectiveSettings>;
  },
): Promise<void> {
  const at = new Date(T0 * 1000);
  const bondsOf = (c: SeededContributor): Bond[] => [
    ...(c.ksm > 0n ? [{ denom: 'KSM', amount: c.ksm }] : []),
    ...(c.other ?? []),
  ];
  const [creator, ...others] = input.contributors;
  const pools = input.pools ?? [
    { name: 'garden', share: '0.6' },
    { name: 'orchard', share: '0.4' },
  ];
  await repo.create(
    {
      name: input.name,
      creator: creator!.address,
      settings: moneySettings(pools, input.settings),
      bondingDeadline: T0 + DAY,
      contribution: { address: creator!.address, bonds: bondsOf(creator!), previousPayee: { kind: 'Stash' }, at },
      at,
    },
    { address: creator!.address, nonce: `seed-${++nonceSeq}`, action: 'collective.create' },
  );
  await repo.withCollective(input.name, async (unit) => {
    for (const c of others)
      await unit.saveContribution({ address: c.address, bonds: bondsOf(c), previousPayee: { kind: 'Stash' }, at });
    for (const c of input.contributors)
      if (c.donation !== undefined)
        await unit.setTerms(c.address, { locking: 0, donation: c.donation, donationLock: false });
  });
  const account = input.account === undefined ? `${input.name}-account` : input.account;
  if (account !== null) repo.setAccount(input.name, account, input.endowment ?? 0n);
}

/** A `staking.Rewarded` of `stash` paid to `to` (dest Account), as the indexer decodes it. */
export function rewardedTo(to: Address, stash: Address, amount: Planck, key: string, era = 7): ChainEvent {
  return {
    key,
    kind: 'rewarded',
    account: stash,
    extrinsicIndex: 2,
    extrinsicHash: '0xpayout',
    signer: 'anyone',
    amount,
    era,
    validator: 'validator',
    detail: { dest: 'Account', destAccount: to },
  };
}

export const block = (number: number): BlockRef => ({ hash: `0xblock${number}`, number });

/** The registry: KSM native (the staking token) and USDT an asset; pools garden, orchard (with accounts) and meadow (none yet). */
export class MoneyRegistries implements Pick<CollectiveRegistries, 'tokens' | 'nativeDenom' | 'pools'> {
  readonly tokenMap = new Map<string, CollectiveToken>([
    ['KSM', { kind: 'native', assetId: null, decimals: 12, rate: '10', staking: true }],
    ['USDT', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1', staking: false }],
  ]);
  readonly poolAccounts = new Map<string, Address | null>([
    ['garden', 'garden-account'],
    ['orchard', 'orchard-account'],
    ['meadow', null],
  ]);
  tokenReads = 0;

  async tokens() {
    this.tokenReads++;
    return new Map([...this.tokenMap].map(([k, v]) => [k, { ...v }]));
  }
  /** The registry's native denom, or the chain's own symbol (KSM) when it was delisted. */
  async nativeDenom() {
    this.tokenReads++;
    return [...this.tokenMap].find(([, t]) => t.kind === 'native')?.[0] ?? 'KSM';
  }
  async pools(names: string[]) {
    return new Map(
      names.filter((n) => this.poolAccounts.has(n)).map((n) => [n, { account: this.poolAccounts.get(n)! }] as const),
    );
  }
}

/** Stakes by stash (active 1,000 KSM unless set), recording each read's stashes and block. */
export class StakesAtBlock implements StakeReader {
  readonly active = new Map<Address, Planck | null>();
  readonly reads: { stashes: Address[]; at: BlockRef | undefined }[] = [];

  async stakes(stashes: Address[], _operator: Address | null, at?: BlockRef) {
    this.reads.push({ stashes: [...stashes], at });
    const value = new Map<Address, StakeView>();
    for (const stash of stashes) {
      const active = this.active.has(stash) ? this.active.get(stash)! : 1000n * 10n ** 12n;
      value.set(stash, { stash, active, payee: null, operatorProxy: true });
    }
    return { at: at ?? block(0), value };
  }
}

/** Native balances on chain by account, recording each read. */
export class BalancesOnChain implements Pick<PoolChainReader, 'balances'> {
  readonly native = new Map<Address, Planck>();
  readonly reads: { accounts: Address[]; tokens: ChainToken[] }[] = [];
  at: BlockRef = block(100);

  async balances(accounts: Address[], tokens: ChainToken[]) {
    this.reads.push({ accounts: [...accounts], tokens: [...tokens] });
    const value: TokenBalance[] = accounts.flatMap((account) =>
      tokens.map((token) => ({
        account,
        token,
        amount: token.kind === 'native' ? (this.native.get(account) ?? 0n) : 0n,
      })),
    );
    return { at: this.at, value };
  }

  credit(account: Address, amount: Planck): void {
    this.native.set(account, (this.native.get(account) ?? 0n) + amount);
  }
}

export function moneyHarness() {
  const collectives = new InMemoryCollectiveRepository();
  const registries = new MoneyRegistries();
  const stakes = new StakesAtBlock();
  const chain = new BalancesOnChain();
  const clock = new TestClock(new Date(T0 * 1000));
  return { collectives, registries, stakes, chain, clock };
}
