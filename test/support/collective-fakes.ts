/**
 * Small fakes of what collectives read outside their repository (registries, NDeST's delegations,
 * the chain's stakes) and a harness wiring them with the in-memory repositories, for the
 * collectives' use-case tests.
 */
import type { StakeReader, StakeView } from '../../src/domain/collectives/collective-chain.js';
import type {
  CollectiveDelegations,
  CollectiveDeps,
  CollectiveRegistries,
  CollectiveToken,
} from '../../src/domain/collectives/collective-deps.js';
import type { RewardDestination } from '../../src/domain/collectives/types.js';
import { GovernedSubjectRegistry } from '../../src/domain/governance/governed-subject.js';
import type { GovernanceDeps } from '../../src/domain/governance/governance-deps.js';
import { DEFAULT_NETWORK_PROPERTIES, type NetworkProperties } from '../../src/domain/registry/network-properties.js';
import type { Address } from '../../src/domain/shared/types.js';
import { InMemoryCollectiveRepository } from './in-memory-collectives.js';
import { InMemoryNonces, InMemoryProposalRepository, TestClock } from './in-memory-governance.js';
import { fakeAuthorize, fakeCodec, TEST_ADDRESSES } from './in-memory-pools.js';
import { InMemoryRemovalProposals } from './in-memory-removals.js';

/** KSM: 12 decimals, 1 KSM worth 10 base units, the staking token; USDT an asset (not staking). */
export class FakeCollectiveRegistries implements CollectiveRegistries {
  readonly tokenMap = new Map<string, CollectiveToken>([
    ['KSM', { kind: 'native', assetId: null, decimals: 12, rate: '10', staking: true }],
    ['USDT', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1', staking: false }],
  ]);
  properties: NetworkProperties = { ...DEFAULT_NETWORK_PROPERTIES, minCollectiveBond: '1000' };
  readonly roles = new Map<string, Set<Address>>();
  /** Spending pools by name, with their account (null until it exists on chain). */
  readonly poolAccounts = new Map<string, Address | null>([
    ['garden', 'garden-account'],
    ['orchard', 'orchard-account'],
    ['meadow', null],
  ]);

  role(name: string, ...members: Address[]): this {
    const set = this.roles.get(name) ?? new Set<Address>();
    for (const m of members) set.add(m);
    this.roles.set(name, set);
    return this;
  }

  /** Sets a token's rate (a rate change) or removes it (`null`: delisted). */
  rate(denom: string, rate: string | null): void {
    if (rate === null) this.tokenMap.delete(denom);
    else this.tokenMap.set(denom, { ...this.tokenMap.get(denom)!, rate });
  }

  async tokens() {
    return new Map([...this.tokenMap].map(([k, v]) => [k, { ...v }]));
  }
  /** The registry's native denom, or the chain's own symbol when it was delisted. */
  async nativeDenom() {
    return [...this.tokenMap].find(([, t]) => t.kind === 'native')?.[0] ?? 'KSM';
  }
  async networkProperties() {
    return { ...this.properties };
  }
  async roleExists(name: string) {
    return this.roles.has(name);
  }
  async rolesOf(address: Address) {
    return [...this.roles].filter(([, m]) => m.has(address)).map(([r]) => r);
  }
  async membersOf(roles: readonly string[]) {
    return [...new Set(roles.flatMap((r) => [...(this.roles.get(r) ?? [])]))];
  }
  async pools(names: string[]) {
    return new Map(
      names.filter((n) => this.poolAccounts.has(n)).map((n) => [n, { account: this.poolAccounts.get(n)! }] as const),
    );
  }
}

/** NDeST's delegations by stash: 'active' unless set otherwise. */
export class FakeDelegations implements CollectiveDelegations {
  readonly statuses = new Map<Address, string | null>();
  /** How many times they were read (a refused request may stop before). */
  reads = 0;
  async statusesOf(stashes: Address[]) {
    this.reads++;
    const found = new Map<Address, string>();
    for (const stash of stashes) {
      const status = this.statuses.has(stash) ? this.statuses.get(stash)! : 'active';
      if (status !== null) found.set(stash, status);
    }
    return found;
  }
}

/** 1 KSM in planck. */
export const KSM = 10n ** 12n;

/**
 * The chain's stakes: every stash bonds 1,000 KSM, pays to its stash, and the operator holds its
 * Staking proxy, unless a test says otherwise.
 */
export class FakeStakes implements StakeReader {
  readonly views = new Map<Address, Partial<StakeView>>();
  /** How many times the chain was read (a refused request may stop before). */
  reads = 0;

  set(stash: Address, view: Partial<StakeView>): this {
    this.views.set(stash, { ...this.views.get(stash), ...view });
    return this;
  }

  async stakes(stashes: Address[], operator: Address | null) {
    this.reads++;
    const value = new Map<Address, StakeView>();
    for (const stash of stashes) {
      const v = this.views.get(stash) ?? {};
      value.set(stash, {
        stash,
        active: v.active === undefined ? 1000n * KSM : v.active,
        payee: v.payee === undefined ? ({ kind: 'Stash' } as RewardDestination) : v.payee,
        operatorProxy: operator !== null && (v.operatorProxy ?? true),
      });
    }
    return { at: { hash: '0xhead', number: 1 }, value };
  }
}

export interface CollectiveHarness {
  deps: CollectiveDeps;
  collectives: InMemoryCollectiveRepository;
  registries: FakeCollectiveRegistries;
  delegations: FakeDelegations;
  stakes: FakeStakes;
  proposals: InMemoryProposalRepository;
  removals: InMemoryRemovalProposals;
  nonces: InMemoryNonces;
  clock: TestClock;
  /** Governance over the collectives' subjects (register them with `governance.subjects.register`). */
  governance: GovernanceDeps;
  /** Unix seconds now. */
  now(): number;
}

/** Collectives over the in-memory repositories (one nonce store for all), the fakes above and a test clock. */
export function collectiveHarness(start = new Date('2030-01-01T00:00:00Z')): CollectiveHarness {
  const nonces = new InMemoryNonces();
  const collectives = new InMemoryCollectiveRepository(nonces);
  const proposals = new InMemoryProposalRepository(nonces);
  const removals = new InMemoryRemovalProposals(proposals, collectives, nonces);
  const registries = new FakeCollectiveRegistries();
  const delegations = new FakeDelegations();
  const stakes = new FakeStakes();
  const clock = new TestClock(start);
  const deps: CollectiveDeps = {
    authorize: fakeAuthorize,
    collectives,
    registries,
    delegations,
    stakes,
    removals,
    codec: fakeCodec([...TEST_ADDRESSES, 'garden-account', 'orchard-account']),
    clock,
    operator: () => 'operator',
  };
  const governance: GovernanceDeps = {
    proposals,
    subjects: new GovernedSubjectRegistry(),
    roles: registries,
    clock,
  };
  return {
    deps,
    collectives,
    registries,
    delegations,
    stakes,
    proposals,
    removals,
    nonces,
    clock,
    governance,
    now: () => Math.floor(clock.now().getTime() / 1000),
  };
}

/** `n` KSM as planck text, as a request carries amounts. */
export const ksm = (n: number | bigint): string => (BigInt(n) * KSM).toString();
