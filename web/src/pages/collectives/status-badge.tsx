import type { CollectiveDetail } from './types.js';

const WORDS: Record<CollectiveDetail['status'], string> = {
  active: 'active',
  inactive: 'inactive',
  paused: 'paused',
  removed: 'removed',
};

/** A collective's status as a badge (words, not colour alone). */
export function StatusBadge({ status }: { status: CollectiveDetail['status'] }) {
  return <span className={`badge status-${status}`}>{WORDS[status]}</span>;
}
