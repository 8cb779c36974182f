/**
 * Quorums are exact decimal strings ("0.51"); they are compared as fractions on bigint, so that
 * 51 of 100 meets "0.51" and 50 of 100 does not, with no float in between.
 */
const QUORUM_FORMAT = /^(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,36}))?$/;

export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** The quorum as a fraction; null when it is not a decimal string in [0, 1]. */
export function parseQuorum(quorum: string): Fraction | null {
  const match = QUORUM_FORMAT.exec(quorum);
  if (!match) return null;
  const fraction = match[2] ?? '';
  const denominator = 10n ** BigInt(fraction.length);
  const numerator = BigInt(match[1]!) * denominator + BigInt(fraction || '0');
  if (numerator > denominator) return null;
  return { numerator, denominator };
}

/** True when `voted / eligible >= quorum`, exactly. Nobody eligible: never met. */
export function quorumMet(voted: number, eligible: number, quorum: Fraction): boolean {
  if (eligible <= 0) return false;
  return BigInt(voted) * quorum.denominator >= quorum.numerator * BigInt(eligible);
}
