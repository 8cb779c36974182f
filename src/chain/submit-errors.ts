/** How the node answered `author_submitExtrinsic` with an error. */
export type SubmitRejection =
  /** The same bytes are already in the pool (or a tx with this nonce and higher priority): keep tracking. */
  | 'in-pool'
  /** The nonce is already used on chain: look for the inclusion. */
  | 'stale'
  /** Will never be valid as is (bad proof: mortality passed or anchor unknown, ancient birth block…). */
  | 'invalid'
  /** The operator cannot pay the fee. */
  | 'cannot-pay'
  /** Transport or node failure, or a nonce gap ("future"): retry later. */
  | 'transient';

/**
 * Substrate nodes answer "1013: Transaction Already Imported", "1014: Priority is too low",
 * "1010: Invalid Transaction: Transaction is outdated"; Chopsticks answers `1010: {"invalid":{"stale":null}}`.
 */
export function classifySubmitError(message: string): SubmitRejection {
  const m = message.toLowerCase();
  if (m.includes('already imported') || m.includes('1013') || m.includes('priority is too low') || m.includes('1014')) {
    return 'in-pool';
  }
  if (m.includes('stale') || m.includes('outdated')) return 'stale';
  if (m.includes('future')) return 'transient';
  if (m.includes('payment') || m.includes('inability to pay')) return 'cannot-pay';
  if (m.includes('1010') || m.includes('invalid transaction') || m.includes('"invalid"')) return 'invalid';
  return 'transient';
}
