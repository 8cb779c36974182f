import { Amount } from '../../components/amount.js';
import { formatPlanck } from '../../lib/format.js';
import type { Tokens } from './use-tokens.js';

/** An amount of a registry token in its own decimals; a token the registry no longer lists shows its base units. */
export function TokenAmount({ planck, denom, tokens }: { planck: string; denom: string; tokens: Tokens }) {
  const token = tokens.byDenom.get(denom);
  if (!token)
    return (
      <span className="amount">
        <span className="amount-units">
          {formatPlanck(planck)} {denom}
        </span>
        <span className="amount-planck">base units (token not in the registry)</span>
      </span>
    );
  return <Amount planck={planck} decimals={token.decimals} symbol={token.denom} />;
}
