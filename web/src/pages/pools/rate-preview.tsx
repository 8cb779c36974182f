import { formatUnits } from '../../lib/format.js';
import { parseDecimalText } from '../../../../src/domain/shared/fixed-point.js';
import type { Token } from '../proposals/use-tokens.js';

const DAY = 86_400n;
const SCALE = 10n ** 18n;

/** What a rate (planck per second per weight) pays a day for weight 1, in whole tokens, exact down to the planck. */
export function RatePreview({ rate, token }: { rate: string; token: Token | undefined }) {
  const fixed = parseDecimalText(rate.trim());
  if (fixed === null || !token) return <>Planck per second per unit of weight.</>;
  const perDay = (fixed * DAY) / SCALE;
  return (
    <>
      Weight 1 accrues {formatUnits(perDay, token.decimals)} {token.denom} a day ({perDay.toString()} planck).
    </>
  );
}
