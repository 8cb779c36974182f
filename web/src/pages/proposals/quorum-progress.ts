import { parseQuorum } from '../../../../src/domain/governance/quorum.js';
import type { Proposal } from './proposal-types.js';

/**
 * How far a proposal is from its quorum (DESIGN §8): the share of eligible voters who voted yes
 * or no. The eligible voters are fixed at the close; before it, the owners of now stand in for them.
 */
export interface QuorumProgress {
  /** Voters who voted yes or no. */
  voted: number;
  /** Eligible voters: at the close, or (while voting) the owners now when known; null when unknown. */
  eligible: number | null;
  /** Yes-or-no votes the quorum needs (ceil(quorum × eligible)), when eligible is known. */
  needed: number | null;
  met: boolean | null;
  /** True while voting: the figures may still change (votes, owners). */
  provisional: boolean;
}

export function quorumProgress(
  proposal: Pick<Proposal, 'quorum' | 'tally' | 'eligible' | 'status'>,
  ownersNow: number | null = null,
): QuorumProgress {
  const voted = proposal.tally.yes + proposal.tally.no;
  const provisional = proposal.status === 'voting';
  const eligible = provisional ? ownersNow : proposal.eligible.length;
  if (eligible === null) return { voted, eligible, needed: null, met: null, provisional };
  const q = parseQuorum(proposal.quorum);
  if (!q || eligible === 0) return { voted, eligible, needed: null, met: false, provisional };
  // The least whole number v with v / eligible ≥ quorum, exactly (fractions on bigint).
  const needed = Number((q.numerator * BigInt(eligible) + q.denominator - 1n) / q.denominator);
  return { voted, eligible, needed, met: voted >= needed, provisional };
}
