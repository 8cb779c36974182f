/** Plain words for the statuses this area shows. */

const DELEGATOR_STATUS: Record<string, string> = {
  active: 'Active',
  pending: 'Waiting for their proxy',
  manual: 'Nominating by hand',
  revoked: 'Proxy removed',
  opted_out: 'Opted out',
};

export const delegatorStatusInWords = (status: string) => DELEGATOR_STATUS[status] ?? status.replace(/_/g, ' ');

const ROUND_STATUS: Record<string, string> = {
  planning: 'planning',
  planned: 'planned',
  sending: 'sending',
  completed: 'completed',
  skipped: 'skipped',
};

export const roundStatusInWords = (status: string) => ROUND_STATUS[status] ?? status.replace(/_/g, ' ');

const SELECTION_REASON: Record<string, string> = {
  new: 'new delegator',
  rotation: 'rotation period ended',
  target_invalid: 'a target became ineligible',
  incomplete: 'fewer targets than wanted',
};

export const selectionReasonInWords = (reason: string) => SELECTION_REASON[reason] ?? reason.replace(/_/g, ' ');

const SELECTION_STATUS: Record<string, string> = {
  planned: 'planned',
  sent: 'sent',
  succeeded: 'nominated',
  failed: 'failed',
  dry_run: 'dry run (not sent)',
  cancelled: 'cancelled',
};

export const selectionStatusInWords = (status: string) => SELECTION_STATUS[status] ?? status.replace(/_/g, ' ');
