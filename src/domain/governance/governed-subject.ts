import { DomainError } from '../errors.js';
import type { Address } from '../shared/types.js';
import type { Transaction } from './proposal.repository.js';
import type { GovernanceSettings, Owners, Proposal, ProposalScope } from './types.js';

/**
 * What governance needs from the things it governs (pools now, collectives next), one
 * implementation per scope. Governance knows proposals and votes; the subject knows its owners,
 * its settings and what a proposal of it means.
 */
export interface GovernedSubjects {
  scope: ProposalScope;
  /** The subject's owners now; null when no such subject exists. */
  owners(subject: string): Promise<Owners | null>;
  /** Quorum, vote period and enactment delay, copied into a proposal when it is made. */
  settings(subject: string): Promise<GovernanceSettings>;
  /**
   * Checks a proposal's body (`kind` and its fields) against the subject's rules now and returns
   * it normalised (what is stored and later enacted). Throws the subject's DomainErrors (400, 422).
   */
  validate(subject: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * Applies a passed proposal, re-validated against the rules at this moment, and says what it
   * did. Every write goes through `tx`: the transaction in which the proposal is marked enacted,
   * so that the change and the status commit together or not at all (a crash in between leaves
   * the proposal `passed` and the subject unchanged; the next tick enacts it once). Throw a
   * DomainError when the rules refuse it now: the proposal becomes `failed` with its message
   * (an `unavailable` error is transient instead: the proposal stays `passed` and is retried).
   */
  enact(subject: string, proposal: Proposal, tx: Transaction): Promise<string>;
}

/**
 * The members of roles, to expand owner roles into voters: the roles registry's RoleDirectory
 * (src/domain/registry) provides it.
 */
export interface RoleMembers {
  /** Every address that is a member of at least one of `roles` (unknown roles: none). */
  membersOf(roles: readonly string[]): Promise<Address[]>;
}

/** The code of an unknown subject of a scope: POOL_NOT_FOUND, COLLECTIVE_NOT_FOUND. */
export const subjectNotFoundCode = (scope: ProposalScope) => `${scope.toUpperCase()}_NOT_FOUND`;

/** The subjects of every scope, registered by their features (pools, collectives). */
export class GovernedSubjectRegistry {
  private readonly byScope = new Map<ProposalScope, GovernedSubjects>();

  register(subjects: GovernedSubjects): this {
    if (this.byScope.has(subjects.scope))
      throw new Error(`governed subjects of scope ${subjects.scope} registered twice`);
    this.byScope.set(subjects.scope, subjects);
    return this;
  }

  /** The subjects of `scope`; a scope no feature registered is refused as unavailable (503). */
  of(scope: ProposalScope): GovernedSubjects {
    const subjects = this.byScope.get(scope);
    if (!subjects)
      throw new DomainError('unavailable', 'GOVERNANCE_UNAVAILABLE', `proposals of ${scope}s are not served here`);
    return subjects;
  }

  has(scope: ProposalScope): boolean {
    return this.byScope.has(scope);
  }
}
