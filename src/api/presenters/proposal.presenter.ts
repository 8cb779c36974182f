import type { Static } from '@sinclair/typebox';
import type { Proposal, Vote } from '../../domain/governance/types.js';
import type { ProposalDetailSchema, ProposalSchema, VoteSchema } from '../schemas/proposals.schemas.js';

const unix = (d: Date) => Math.floor(d.getTime() / 1000);
const unixOrNull = (d: Date | null) => (d === null ? null : unix(d));

export const presentProposal = (p: Proposal): Static<typeof ProposalSchema> => ({
  id: p.id,
  scope: p.scope,
  subject: p.subject,
  kind: p.kind,
  body: p.body,
  proposer: p.proposer,
  status: p.status,
  reason: p.reason,
  quorum: p.quorum,
  votePeriod: p.votePeriod,
  voteEnactment: p.voteEnactment,
  createdAt: unix(p.createdAt),
  votingEndsAt: unix(p.votingEndsAt),
  decidedAt: unixOrNull(p.decidedAt),
  enactAt: unixOrNull(p.enactAt),
  enactedAt: unixOrNull(p.enactedAt),
  eligible: p.eligible,
  tally: { ...p.tally },
});

export const presentVote = (v: Vote): Static<typeof VoteSchema> => ({
  voter: v.voter,
  vote: v.vote,
  votedAt: unix(v.votedAt),
});

export const presentProposalDetail = (p: Proposal, votes: Vote[]): Static<typeof ProposalDetailSchema> => ({
  proposal: presentProposal(p),
  votes: votes.map(presentVote),
});
