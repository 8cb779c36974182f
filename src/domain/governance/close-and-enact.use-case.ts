import { DomainError } from '../errors.js';
import type { GovernanceDeps } from './governance-deps.js';
import { eligibleNow } from './owners.js';
import type { Closing } from './proposal.repository.js';
import { decide } from './tally.js';
import type { Proposal, ProposalStatus } from './types.js';

export interface CloseAndEnactReport {
  closed: { id: string; status: ProposalStatus }[];
  enacted: string[];
  failed: { id: string; reason: string }[];
  /** Left as they were, to try again next tick: a transient failure (chain, database, a scope not served here). */
  deferred: { id: string; error: string }[];
}

/** Proposals handled per step and tick; the rest wait for the next tick. */
const BATCH = 100;

/**
 * The governance tick: closes every vote whose period ended (passed or rejected, with the tally
 * over the owners at the close), then enacts every passed proposal whose enactAt has come, through
 * its subject, re-validated at that moment. Every transition is a compare-and-set on the status,
 * so that two workers running this at once act on each proposal once; a subject's change commits
 * in the transaction that marks the proposal enacted, so a crash never enacts twice nor loses
 * the status. A rules refusal (a DomainError) fails the proposal with its message; anything else
 * leaves it for the next tick.
 */
export async function closeAndEnact(deps: GovernanceDeps, now: Date): Promise<CloseAndEnactReport> {
  const report: CloseAndEnactReport = { closed: [], enacted: [], failed: [], deferred: [] };
  for (const proposal of await deps.proposals.dueForClose(now, BATCH)) {
    try {
      const closed = await closeVote(deps, proposal, now);
      if (closed) report.closed.push({ id: closed.id, status: closed.status });
    } catch (error) {
      report.deferred.push({ id: proposal.id, error: messageOf(error) });
    }
  }
  for (const proposal of await deps.proposals.dueForEnactment(now, BATCH)) {
    await enactOne(deps, proposal, now, report);
  }
  return report;
}

async function closeVote(deps: GovernanceDeps, proposal: Proposal, now: Date): Promise<Proposal | null> {
  const owners = await deps.subjects.of(proposal.scope).owners(proposal.subject);
  const eligible = owners ? await eligibleNow(deps.roles, owners) : [];
  return deps.proposals.close(proposal.id, (votes): Closing => {
    const decision = owners
      ? decide({ eligible, votes, quorum: proposal.quorum })
      : {
          status: 'rejected' as const,
          reason: `rejected: the ${proposal.scope} ${proposal.subject} no longer exists`,
          tally: { yes: 0, no: 0, abstain: 0 },
          eligible: [],
        };
    const enactAt =
      decision.status === 'passed' ? new Date(proposal.votingEndsAt.getTime() + proposal.voteEnactment * 1000) : null;
    return { ...decision, decidedAt: now, enactAt };
  });
}

async function enactOne(deps: GovernanceDeps, proposal: Proposal, now: Date, report: CloseAndEnactReport) {
  try {
    const subjects = deps.subjects.of(proposal.scope);
    const enacted = await deps.proposals.enact(proposal.id, now, (tx) =>
      subjects.enact(proposal.subject, proposal, tx),
    );
    if (enacted) report.enacted.push(enacted.id);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind === 'unavailable') {
      report.deferred.push({ id: proposal.id, error: messageOf(error) });
      return;
    }
    try {
      const failed = await deps.proposals.fail(proposal.id, now, error.message);
      if (failed) report.failed.push({ id: failed.id, reason: error.message });
    } catch (failError) {
      report.deferred.push({ id: proposal.id, error: messageOf(failError) });
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
