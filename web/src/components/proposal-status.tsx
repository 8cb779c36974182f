import '../pages/proposals/proposals.css';
import type { ProposalStatus } from '../pages/proposals/proposal-types.js';

const WORDS: Record<ProposalStatus, string> = {
  voting: 'Voting',
  passed: 'Passed, waiting for enactment',
  rejected: 'Rejected',
  enacted: 'Enacted',
  failed: 'Failed at enactment',
};

/** A proposal's status as a badge, in words. */
export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  return <span className={`badge proposal-status proposal-status-${status}`}>{WORDS[status] ?? status}</span>;
}
