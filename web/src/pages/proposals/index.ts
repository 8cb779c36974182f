/**
 * Proposal pieces other pages reuse (the collectives' page too): the list of a subject's
 * proposals, a proposal's content, status, tally, timeline and vote form, and their types.
 */
export { ProposalContent } from '../../components/proposal-content.js';
export { ProposalList } from '../../components/proposal-list.js';
export { ProposalStatusBadge } from '../../components/proposal-status.js';
export { ProposalTally } from '../../components/proposal-tally.js';
export { ProposalTimeline } from '../../components/proposal-timeline.js';
export { ProposalVoteForm } from '../../components/proposal-vote-form.js';
export { ProposalPage } from './proposal-page.js';
export { quorumProgress, type QuorumProgress } from './quorum-progress.js';
export { useCurrentOwnerCount } from './use-current-owners.js';
export { TokenAmount } from './token-amount.js';
export { useTokens, type Token, type Tokens } from './use-tokens.js';
export type {
  Proposal,
  ProposalDetail,
  ProposalList as ProposalListData,
  ProposalStatus,
  Tally,
  Vote,
  VoteChoice,
} from './proposal-types.js';
