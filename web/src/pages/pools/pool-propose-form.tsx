import { useState, type FormEvent } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { seg } from '../../lib/api.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { href, navigate } from '../../router.js';
import type { Proposal } from '../proposals/proposal-types.js';
import type { Tokens } from '../proposals/use-tokens.js';
import { InputField } from './input-field.js';
import { paymentsFromRows, type PaymentRow } from './pay-form.js';
import { formFromPool, updateChanges, type FormErrors, type PoolFormState } from './pool-form.js';
import { PoolSettingsFields } from './pool-settings-fields.js';
import type { PoolDetail } from './pool-types.js';

type Kind = 'distribute' | 'pay' | 'update';

const KINDS: Array<[Kind, string, string]> = [
  ['distribute', 'Distribute', 'Every registered beneficiary is owed what it accrued, now.'],
  ['pay', 'Pay', 'Chosen payments from what the pool holds unowed.'],
  ['update', 'Update settings', 'Any setting but the name (and the rate mode, fixed at creation).'],
];

/** Owners propose (signed `pool.propose`): distribute, pay or update; the proposal's page follows. */
export function PoolProposeForm({ pool, tokens }: { pool: PoolDetail; tokens: Tokens }) {
  const { config, account } = useApp();
  const [kind, setKind] = useState<Kind>('distribute');
  const [payments, setPayments] = useState<PaymentRow[]>([
    { address: '', denom: config.chain.token.symbol, amount: '' },
  ]);
  const [settings, setSettings] = useState<PoolFormState>(() => formFromPool(pool));
  const [errors, setErrors] = useState<FormErrors>({});
  const action = useSignedAction<{ proposal: Proposal }>(
    'pool.propose',
    'POST',
    `/v1/spending-pools/${seg(pool.name)}/proposals`,
  );
  const ctx = { ss58Prefix: config.chain.ss58Prefix };

  function proposalBody(): Record<string, unknown> | null {
    if (kind === 'distribute') return (setErrors({}), { kind });
    if (kind === 'pay') {
      const out = paymentsFromRows(payments, { ...ctx, decimalsOf: (d) => tokens.byDenom.get(d)?.decimals });
      setErrors(out.errors);
      return Object.keys(out.errors).length ? null : { kind, payments: out.payments };
    }
    const out = updateChanges(pool, settings, {
      ...ctx,
      denoms: tokens.list.map((t) => t.denom),
      now: Math.floor(Date.now() / 1000),
    });
    if (Object.keys(out.errors).length === 0 && Object.keys(out.changes).length === 0)
      out.errors.changes = 'Nothing changed: edit at least one setting.';
    setErrors(out.errors);
    return Object.keys(out.errors).length ? null : { kind, changes: out.changes };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    action.reset();
    const proposal = proposalBody();
    if (!proposal) return;
    const answer = await action.run({ pool: pool.name, proposal });
    if (answer) navigate('proposals', answer.proposal.id);
  }

  const problems = Object.keys(errors).length;
  const replace = (i: number, row: PaymentRow) => setPayments((p) => p.map((x, j) => (j === i ? row : x)));
  return (
    <form className="card pool-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pool-propose">
      <h2 id="pool-propose">Propose</h2>
      <p className="muted">Owners propose; owners then vote. Proposing is not voting: vote on the proposal’s page.</p>
      <Field label="Proposal kind" hint={KINDS.find((k) => k[0] === kind)?.[2]}>
        {(props) => (
          <select {...props} value={kind} onChange={(e) => (setKind(e.target.value as Kind), setErrors({}))}>
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === 'pay' ? (
        <fieldset>
          <legend>Payments</legend>
          {payments.map((row, i) => (
            <div className="row-fields" key={i}>
              <InputField
                label={`Payment ${i + 1} recipient`}
                value={row.address}
                onChange={(address) => replace(i, { ...row, address })}
                error={errors[`payments.${i}.address`]}
                placeholder="Kusama address"
              />
              <Field label={`Payment ${i + 1} token`} error={errors[`payments.${i}.denom`]}>
                {(props) => (
                  <select {...props} value={row.denom} onChange={(e) => replace(i, { ...row, denom: e.target.value })}>
                    {tokens.list.some((t) => t.denom === row.denom) ? null : (
                      <option value={row.denom}>{row.denom}</option>
                    )}
                    {tokens.list.map((t) => (
                      <option key={t.denom} value={t.denom}>
                        {t.denom}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <InputField
                label={`Payment ${i + 1} amount`}
                value={row.amount}
                onChange={(amount) => replace(i, { ...row, amount })}
                error={errors[`payments.${i}.amount`]}
                hint={`In ${row.denom} (up to ${tokens.byDenom.get(row.denom)?.decimals ?? '?'} decimals).`}
                inputMode="decimal"
              />
              <button
                type="button"
                className="secondary"
                aria-label={`Remove payment ${i + 1}`}
                onClick={() => setPayments((p) => p.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
          ))}
          {errors.payments ? <p className="field-error">{errors.payments}</p> : null}
          <button
            type="button"
            className="secondary"
            onClick={() => setPayments((p) => [...p, { address: '', denom: config.chain.token.symbol, amount: '' }])}
          >
            Add a payment
          </button>
        </fieldset>
      ) : null}
      {kind === 'update' ? (
        <>
          <p className="muted">Edit what should change; only the settings you change are proposed.</p>
          <PoolSettingsFields
            form={settings}
            onChange={(patch) => setSettings((s) => ({ ...s, ...patch }))}
            errors={errors}
            tokens={tokens.list}
            update
          />
          {errors.changes ? <p className="field-error">{errors.changes}</p> : null}
        </>
      ) : null}
      {problems > 0 ? (
        <p className="error" role="alert">
          Fix the {problems === 1 ? 'field' : `${problems} fields`} marked above before signing.
        </p>
      ) : null}
      <ErrorBox error={action.error} title="The proposal was not made" />
      {!account ? <p className="muted">Connect a wallet and pick an owner’s account to propose.</p> : null}
      <button type="submit" disabled={!account || action.busy}>
        {action.busy ? 'Signing and proposing…' : 'Submit proposal'}
      </button>
      {action.result ? (
        <p role="status">
          Proposed: <a href={href('proposals', action.result.proposal.id)}>proposal {action.result.proposal.id}</a>.
        </p>
      ) : null}
    </form>
  );
}
