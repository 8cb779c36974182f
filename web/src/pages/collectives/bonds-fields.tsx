import { Field, TextField } from '../../components/field.js';
import type { BondRow } from './rules.js';
import type { Token } from './types.js';

/**
 * Bonds per staking token: a token and an amount in whole tokens a row (converted to planck
 * exactly before signing). One row for most people: KSM is the only staking token of Kusama.
 */
export function BondsFields({
  legend,
  rows,
  onChange,
  tokens,
  errors,
  total,
  hint,
}: {
  legend: string;
  rows: BondRow[];
  onChange(rows: BondRow[]): void;
  /** Staking tokens of the registry. */
  tokens: Token[];
  errors?: (string | null)[];
  total?: string | null;
  hint?: React.ReactNode;
}) {
  const set = (i: number, change: Partial<BondRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const unused = tokens.filter((t) => !rows.some((r) => r.denom === t.denom));
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {rows.map((row, i) => {
        const n = rows.length > 1 ? ` ${i + 1}` : '';
        return (
          <div key={i} className="collective-row">
            <Field label={`Token${n}`}>
              {(props) => (
                <select {...props} value={row.denom} onChange={(e) => set(i, { denom: e.target.value })}>
                  {tokens.length === 0 ? <option value="">No staking token listed</option> : null}
                  {tokens.map((t) => (
                    <option key={t.denom} value={t.denom}>
                      {t.denom}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label={`Amount${n} (${row.denom || 'tokens'})`}
              value={row.amount}
              inputMode="decimal"
              onChange={(amount) => set(i, { amount })}
              hint="In whole tokens, e.g. 20 or 20.5"
              error={errors?.[i] ?? null}
            />
            {rows.length > 1 ? (
              <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                Remove token{n}
              </button>
            ) : null}
          </div>
        );
      })}
      {unused.length > 0 ? (
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...rows, { denom: unused[0]!.denom, amount: '' }])}
        >
          Add another token
        </button>
      ) : null}
      {total ? <p className="field-error">{total}</p> : null}
    </fieldset>
  );
}
