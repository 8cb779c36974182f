import type { Address } from '../shared/types.js';
import { parseQuorum, quorumMet } from './quorum.js';
import type { Owners, Tally, Vote } from './types.js';

/**
 * The eligible voters of a subject: its owners' accounts, the members of its owner roles and its
 * creator, each counted once, sorted (so a stored list compares and reads the same every time).
 */
export function eligibleVoters(owners: Owners, roleMembers: readonly Address[]): Address[] {
  return [...new Set([owners.creator, ...owners.accounts, ...roleMembers])].sort();
}

export interface Decision {
  status: 'passed' | 'rejected';
  reason: string;
  /** The votes counted: only those of the eligible voters. */
  tally: Tally;
  eligible: Address[];
}

/**
 * Closes a vote (DESIGN §8): quorum is the share of eligible voters who voted yes or no; the
 * proposal passes when the quorum is met and yes votes outnumber no votes. Votes of addresses that
 * are not eligible at the close (an owner removed meanwhile) are not counted. One vote per voter:
 * `votes` holds each voter's last vote.
 */
export function decide(input: { eligible: readonly Address[]; votes: readonly Vote[]; quorum: string }): Decision {
  const quorum = parseQuorum(input.quorum);
  // Fixed when the proposal was made, from the subject's validated settings: a bad one is a fault.
  if (!quorum) throw new Error(`proposal quorum "${input.quorum}" is not a decimal in [0, 1]`);
  const eligible = [...new Set(input.eligible)].sort();
  const counted = new Set(eligible);
  const tally: Tally = { yes: 0, no: 0, abstain: 0 };
  const seen = new Set<Address>();
  for (const vote of input.votes) {
    if (!counted.has(vote.voter) || seen.has(vote.voter)) continue;
    seen.add(vote.voter);
    tally[vote.vote] += 1;
  }
  const voted = tally.yes + tally.no;
  const counts = `${tally.yes} yes, ${tally.no} no, ${tally.abstain} abstain of ${eligible.length} eligible`;
  const base = { tally, eligible };
  if (eligible.length === 0) return { ...base, status: 'rejected', reason: 'rejected: no eligible voters' };
  if (!quorumMet(voted, eligible.length, quorum))
    return {
      ...base,
      status: 'rejected',
      reason: `rejected: quorum ${input.quorum} not met (${voted} of ${eligible.length} voted yes or no; ${counts})`,
    };
  if (tally.yes <= tally.no)
    return { ...base, status: 'rejected', reason: `rejected: yes votes do not outnumber no votes (${counts})` };
  return { ...base, status: 'passed', reason: `passed (${counts}; quorum ${input.quorum} met)` };
}

/** The votes so far, each voter once, whoever is eligible at the close: what a voting proposal shows. */
export function provisionalTally(votes: readonly Vote[]): Tally {
  const tally: Tally = { yes: 0, no: 0, abstain: 0 };
  const seen = new Set<Address>();
  for (const vote of votes) {
    if (seen.has(vote.voter)) continue;
    seen.add(vote.voter);
    tally[vote.vote] += 1;
  }
  return tally;
}
