import { useApp } from '../../app-state.js';
import { Amount } from '../../components/amount.js';
import type { Bond, Token } from './types.js';

/** An amount of `denom` with that token's decimals (the registry's; the chain's own for its native token). */
export function TokenAmount({ denom, planck, tokens }: { denom: string; planck: string; tokens: Token[] }) {
  const { config } = useApp();
  const token = tokens.find((t) => t.denom === denom);
  const decimals = token?.decimals ?? (denom === config.chain.token.symbol ? config.chain.token.decimals : 0);
  return <Amount planck={planck} symbol={denom} decimals={decimals} />;
}

/** Bonds per token, one a line; "none" when empty. */
export function BondList({ bonds, tokens, none = 'none' }: { bonds: Bond[]; tokens: Token[]; none?: string }) {
  if (bonds.length === 0) return <span className="muted">{none}</span>;
  return (
    <ul className="bond-list">
      {bonds.map((b) => (
        <li key={b.denom}>
          <TokenAmount denom={b.denom} planck={b.amount} tokens={tokens} />
        </li>
      ))}
    </ul>
  );
}
