import { useApp } from '../app-state.js';
import { formatPlanck, formatUnits } from '../lib/format.js';

/** An amount in whole tokens, with the exact planck figure underneath. */
export function Amount({ planck, symbol, decimals }: { planck: string | bigint; symbol?: string; decimals?: number }) {
  const { config } = useApp();
  const d = decimals ?? config.chain.token.decimals;
  const s = symbol ?? config.chain.token.symbol;
  return (
    <span className="amount">
      <span className="amount-units">
        {formatUnits(planck, d)} {s}
      </span>
      <span className="amount-planck">{formatPlanck(planck)} planck</span>
    </span>
  );
}
