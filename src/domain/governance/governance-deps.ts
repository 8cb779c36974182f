import type { Clock } from '../ports/clock-and-beacon.js';
import type { GovernedSubjectRegistry, RoleMembers } from './governed-subject.js';
import type { ProposalRepository } from './proposal.repository.js';

/** What the governance use-cases need, wired once in src/main. */
export interface GovernanceDeps {
  proposals: ProposalRepository;
  subjects: GovernedSubjectRegistry;
  roles: RoleMembers;
  clock: Clock;
}
