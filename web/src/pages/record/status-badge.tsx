/** A status as a coloured badge whose text says it (colour is never the only signal). */
export function StatusBadge({ status, words }: { status: string; words: string }) {
  return <span className={`badge record-status record-status-${status.replace(/[^a-z_]/g, '')}`}>{words}</span>;
}
