/**
 * In-memory stand-ins of the governance ports, for unit tests of the use-cases and for the
 * repository contract suite (which runs against these and against PostgreSQL alike).
 */
import { DomainError, notFound, ruleViolation, unauthenticated } from '../../src/domain/errors.js';
import type { GovernanceDeps } from '../../src/domain/governance/governance-deps.js';
import {
  GovernedSubjectRegistry,
  type GovernedSubjects,
  type RoleMembers,
} from '../../src/domain/governance/governed-subject.js';
import type {
  Closing,
  NewProposal,
  ProposalFilter,
  ProposalRepository,
  Transaction,
} from '../../src/domain/governance/proposal.repository.js';
import type { GovernanceSettings, Owners, Proposal, ProposalScope, Vote } from '../../src/domain/governance/types.js';
import { provisionalTally } from '../../src/domain/governance/tally.js';
import { votingClosed } from '../../src/domain/governance/vote.use-case.js';
import type { Page, PageRequest } from '../../src/domain/shared/page.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';

/** Spent nonces, as UsedNonce holds them: one (address, nonce) once. */
export class InMemoryNonces {
  private readonly used = new Set<string>();

  /** Spends the nonce; throws NONCE_REPLAYED as consumeNonce does. Returns how to give it back on rollback. */
  spend(use: NonceUse): () => void {
    const key = `${use.address}\u0000${use.nonce}`;
    if (this.used.has(key)) throw unauthenticated('NONCE_REPLAYED', 'this nonce was already used by this address');
    this.used.add(key);
    return () => this.used.delete(key);
  }

  count(): number {
    return this.used.size;
  }
}

/**
 * The in-memory transaction handed to `apply` by `enact`: effects run only when it commits, as
 * a PostgreSQL subject's writes would.
 */
export class InMemoryTransaction {
  private readonly effects: (() => void)[] = [];
  onCommit(effect: () => void): void {
    this.effects.push(effect);
  }
  commit(): void {
    for (const effect of this.effects) effect();
  }
}

export const inMemoryTransaction = (tx: Transaction): InMemoryTransaction => {
  if (!(tx instanceof InMemoryTransaction)) throw new Error('not an in-memory transaction');
  return tx;
};

/** One lock per proposal, like `SELECT … FOR UPDATE`: holders run one after the other. */
class Locks {
  private readonly tails = new Map<string, Promise<unknown>>();
  async with<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(id) ?? Promise.resolve();
    const run = before.then(fn, fn);
    this.tails.set(
      id,
      run.catch(() => undefined),
    );
    return run;
  }
}

export class InMemoryProposalRepository implements ProposalRepository {
  private readonly proposals = new Map<string, Proposal>();
  private readonly ballots = new Map<string, Map<string, Vote>>();
  private readonly locks = new Locks();
  private nextId = 1;

  constructor(readonly nonces = new InMemoryNonces()) {}

  async create(input: NewProposal, nonceUse: NonceUse): Promise<Proposal> {
    this.nonces.spend(nonceUse);
    const proposal: Proposal = {
      ...structuredClone(input),
      id: String(this.nextId++),
      status: 'voting',
      reason: null,
      decidedAt: null,
      enactAt: null,
      enactedAt: null,
      eligible: [],
      tally: { yes: 0, no: 0, abstain: 0 },
    };
    this.proposals.set(proposal.id, proposal);
    this.ballots.set(proposal.id, new Map());
    return structuredClone(proposal);
  }

  async addVote(id: string, vote: Vote, nonceUse: NonceUse): Promise<void> {
    const giveBack = this.nonces.spend(nonceUse);
    await this.locks.with(id, async () => {
      const proposal = this.proposals.get(id);
      if (!proposal || proposal.status !== 'voting' || vote.votedAt >= proposal.votingEndsAt) {
        giveBack();
        throw votingClosed(id);
      }
      this.ballots.get(id)!.set(vote.voter, { ...vote });
    });
  }

  async get(id: string): Promise<Proposal | null> {
    const proposal = this.proposals.get(id);
    return proposal ? this.view(proposal) : null;
  }

  /** A copy, with a voting proposal's tally counted from its votes so far. */
  private view(proposal: Proposal): Proposal {
    const copy = structuredClone(proposal);
    if (copy.status === 'voting') copy.tally = provisionalTally([...this.ballots.get(copy.id)!.values()]);
    return copy;
  }

  async votes(id: string): Promise<Vote[]> {
    return [...(this.ballots.get(id)?.values() ?? [])]
      .sort((a, b) => a.votedAt.getTime() - b.votedAt.getTime() || (a.voter < b.voter ? -1 : 1))
      .map((v) => ({ ...v }));
  }

  async list(filter: ProposalFilter, page: PageRequest): Promise<Page<Proposal>> {
    const before = page.after === null ? Infinity : Number(page.after);
    const matching = [...this.proposals.values()]
      .filter((p) => filter.scope === undefined || p.scope === filter.scope)
      .filter((p) => filter.subject === undefined || p.subject === filter.subject)
      .filter((p) => Number(p.id) < before)
      .sort((a, b) => Number(b.id) - Number(a.id));
    const items = matching.slice(0, page.limit).map((p) => this.view(p));
    const last = items[items.length - 1];
    return { items, next: matching.length > page.limit && last ? last.id : null };
  }

  async dueForClose(now: Date, limit: number): Promise<Proposal[]> {
    return this.due(
      (p) => p.status === 'voting' && p.votingEndsAt <= now,
      (p) => p.votingEndsAt,
      limit,
    );
  }

  async dueForEnactment(now: Date, limit: number): Promise<Proposal[]> {
    return this.due(
      (p) => p.status === 'passed' && p.enactAt !== null && p.enactAt <= now,
      (p) => p.enactAt!,
      limit,
    );
  }

  async close(id: string, decide: (votes: Vote[]) => Closing): Promise<Proposal | null> {
    return this.locks.with(id, async () => {
      const proposal = this.proposals.get(id);
      if (proposal?.status !== 'voting') return null;
      const closing = decide(await this.votes(id));
      Object.assign(proposal, {
        status: closing.status,
        reason: closing.reason,
        decidedAt: closing.decidedAt,
        enactAt: closing.enactAt,
        eligible: [...closing.eligible],
        tally: { ...closing.tally },
      });
      return structuredClone(proposal);
    });
  }

  async enact(id: string, at: Date, apply: (tx: Transaction) => Promise<string>): Promise<Proposal | null> {
    return this.locks.with(id, async () => {
      const proposal = this.proposals.get(id);
      if (proposal?.status !== 'passed') return null;
      const tx = new InMemoryTransaction();
      const reason = await apply(tx as unknown as Transaction);
      tx.commit();
      Object.assign(proposal, { status: 'enacted', reason, enactedAt: at });
      return structuredClone(proposal);
    });
  }

  async fail(id: string, at: Date, reason: string): Promise<Proposal | null> {
    return this.locks.with(id, async () => {
      const proposal = this.proposals.get(id);
      if (proposal?.status !== 'passed') return null;
      Object.assign(proposal, { status: 'failed', reason, enactedAt: at });
      return structuredClone(proposal);
    });
  }

  /**
   * Stores a proposal as given, in whatever status (the automatic removal raises one `passed`),
   * spending no nonce: the caller spends it in its own change.
   */
  insert(input: Omit<Proposal, 'id'>): Proposal {
    const proposal: Proposal = { ...structuredClone(input), id: String(this.nextId++) };
    this.proposals.set(proposal.id, proposal);
    this.ballots.set(proposal.id, new Map());
    return structuredClone(proposal);
  }

  /** Test hook: a proposal's fields set directly (e.g. to age it). */
  patch(id: string, fields: Partial<Proposal>): void {
    Object.assign(this.proposals.get(id)!, fields);
  }

  private due(match: (p: Proposal) => boolean, at: (p: Proposal) => Date, limit: number): Proposal[] {
    return [...this.proposals.values()]
      .filter(match)
      .sort((a, b) => at(a).getTime() - at(b).getTime() || Number(a.id) - Number(b.id))
      .slice(0, limit)
      .map((p) => this.view(p));
  }
}

export class InMemoryRoleMembers implements RoleMembers {
  readonly roles = new Map<string, Set<string>>();

  add(role: string, ...addresses: string[]): this {
    const members = this.roles.get(role) ?? new Set<string>();
    for (const a of addresses) members.add(a);
    this.roles.set(role, members);
    return this;
  }

  remove(role: string, address: string): void {
    this.roles.get(role)?.delete(address);
  }

  async membersOf(roles: readonly string[]): Promise<string[]> {
    return [...new Set(roles.flatMap((r) => [...(this.roles.get(r) ?? [])]))];
  }
}

export interface FakeSubject {
  owners: Owners;
  settings: GovernanceSettings;
}

/** How a fake subject enacts: by default it records the proposal when the transaction commits. */
export type FakeEnact = (proposal: Proposal, tx: Transaction) => Promise<string>;

/**
 * Subjects of one scope held in memory. Bodies of kind "noop" and "update" are accepted; "forbidden"
 * is refused (422 PROPOSAL_REFUSED); enactment is whatever `enactWith` says.
 */
export class FakeSubjects implements GovernedSubjects {
  readonly subjects = new Map<string, FakeSubject>();
  /** Proposal ids whose enactment committed, in order. */
  readonly enacted: string[] = [];
  /** Every call of `enact`, committed or not. */
  enactCalls = 0;
  enactWith: FakeEnact = async (proposal, tx) => {
    inMemoryTransaction(tx).onCommit(() => this.enacted.push(proposal.id));
    return `did ${proposal.kind}`;
  };

  constructor(readonly scope: ProposalScope = 'pool') {}

  add(name: string, owners: Partial<Owners> & { creator: string }, settings: Partial<GovernanceSettings> = {}): this {
    this.subjects.set(name, {
      owners: { accounts: [], roles: [], ...owners },
      settings: { quorum: '0.5', votePeriod: 60, voteEnactment: 30, ...settings },
    });
    return this;
  }

  async owners(subject: string): Promise<Owners | null> {
    const found = this.subjects.get(subject);
    return found ? structuredClone(found.owners) : null;
  }

  async settings(subject: string): Promise<GovernanceSettings> {
    const found = this.subjects.get(subject);
    if (!found) throw notFound(`${this.scope.toUpperCase()}_NOT_FOUND`, `no ${subject}`);
    return { ...found.settings };
  }

  async validate(_subject: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (body.kind === 'forbidden') throw ruleViolation('PROPOSAL_REFUSED', 'the subject refuses this proposal');
    if (body.kind !== 'noop' && body.kind !== 'update')
      throw new DomainError('validation', 'PROPOSAL_KIND_INVALID', `unknown kind ${String(body.kind)}`);
    return { ...body, normalized: true };
  }

  async enact(_subject: string, proposal: Proposal, tx: Transaction): Promise<string> {
    this.enactCalls += 1;
    return this.enactWith(proposal, tx);
  }
}

/** A clock the test moves. */
export class TestClock {
  constructor(private at: Date = new Date('2030-01-01T00:00:00Z')) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = new Date(at);
  }
  advance(seconds: number): void {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

export interface InMemoryGovernance {
  deps: GovernanceDeps;
  proposals: InMemoryProposalRepository;
  pools: FakeSubjects;
  roles: InMemoryRoleMembers;
  clock: TestClock;
}

/** Governance over in-memory pools (scope `pool`), an in-memory roles registry and a test clock. */
export function inMemoryGovernance(): InMemoryGovernance {
  const proposals = new InMemoryProposalRepository();
  const pools = new FakeSubjects('pool');
  const roles = new InMemoryRoleMembers();
  const clock = new TestClock();
  const subjects = new GovernedSubjectRegistry().register(pools);
  return { deps: { proposals, subjects, roles, clock }, proposals, pools, roles, clock };
}
