import { parseQuorum } from '../../../../src/domain/governance/quorum.js';
import type { Proposal } from './proposal-types.js';

/**
 * How far a proposal is from its quorum (DESIGN §8): the share of eligible voters who voted yes
 * or no. The eligible voters are fixed at the close, so before it only the votes so far are known.
 */
export interface QuorumProgress {
  /** Voters who voted yes or no. */
  voted: number;
  /** Eligible voters, once the vote closed; null while voting. */
  eligible: number | null;
  /** Yes-or-no votes the quorum needs (ceil(quorum × eligible)), once known. */
  needed: number | null;
  met: boolean | null;
}

export function quorumProgress(proposal: Pick<Proposal, 'quorum' | 'tally' | 'eligible' | 'status'>): QuorumProgress {
  const voted = proposal.tally.yes + proposal.tally.no;
  if (proposal.status === 'voting') return { voted, eligible: null, needed: null, met: null };
  const eligible = proposal.eligible.length;
  const q = parseQuorum(proposal.quorum);
  if (!q || eligible === 0) return { voted, eligible, needed: null, met: false };
  // The least whole number v with v / eligible ≥ quorum, exactly (fractions on bigint).
  const num = q.numerator * BigInt(eligible);
  const needed = Number((num + q.denominator - 1n) / q.denominator);
  return { voted, eligible, needed, met: voted >= needed };
}
