import { useId } from 'react';
import { Field } from '../../components/field.js';
import { InputField } from './input-field.js';
import type { Token } from '../proposals/use-tokens.js';
import { MAX_DESCRIPTION, type FormErrors, type PoolFormState, type WeightedRow } from './pool-form.js';
import { RatePreview } from './rate-preview.js';
import { useRoleNames } from './use-roles.js';

interface Props {
  form: PoolFormState;
  onChange(patch: Partial<PoolFormState>): void;
  errors: FormErrors;
  tokens: Token[];
  /** An update proposal: the rate mode and its period are fixed, and so is a dynamic pool's claimStart. */
  update?: boolean;
}

/**
 * Every setting of a pool (all of `pool.create` but the name): description, owners, beneficiaries
 * with weights, votes, the claim window and the rates. Shared by the create form and the update proposal.
 */
export function PoolSettingsFields({ form, onChange, errors, tokens, update = false }: Props) {
  const roleNames = useRoleNames();
  const ids = useId();
  // Roles are suggested from the registry; addresses are not (an input with suggestions is a
  // combobox, and the wallet's account picker must stay the page's one combobox named "Account").
  const roleList = `${ids}-roles`;
  const dynamic = form.rateMode === 'dynamic';
  const replace = <T,>(list: T[], i: number, value: T) => list.map((x, j) => (j === i ? value : x));
  const without = <T,>(list: T[], i: number) => list.filter((_, j) => j !== i);

  const weightedRows = (key: 'beneficiaryAccounts' | 'beneficiaryRoles', noun: string, isRole: boolean) => {
    const rows: WeightedRow[] = form[key];
    return (
      <>
        {rows.map((row, i) => (
          <div className="row-fields" key={i}>
            <InputField
              label={`Beneficiary ${noun} ${i + 1}`}
              value={row.who}
              onChange={(who) => onChange({ [key]: replace(rows, i, { ...row, who }) })}
              error={errors[`${key}.${i}.who`]}
              list={isRole ? roleList : undefined}
              placeholder={isRole ? 'role name' : 'Kusama address'}
            />
            <InputField
              label={`Weight of beneficiary ${noun} ${i + 1}`}
              value={row.weight}
              onChange={(weight) => onChange({ [key]: replace(rows, i, { ...row, weight }) })}
              error={errors[`${key}.${i}.weight`]}
              placeholder="1"
              inputMode="decimal"
            />
            <button
              type="button"
              className="secondary"
              onClick={() => onChange({ [key]: without(rows, i) })}
              aria-label={`Remove beneficiary ${noun} ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        {errors[key] ? <p className="field-error">{errors[key]}</p> : null}
        <button
          type="button"
          className="secondary"
          onClick={() => onChange({ [key]: [...rows, { who: '', weight: '' }] })}
        >
          Add a beneficiary {noun}
        </button>
      </>
    );
  };

  const plainRows = (key: 'ownerAccounts' | 'ownerRoles', noun: string, isRole: boolean) => {
    const rows = form[key];
    return (
      <>
        {rows.map((value, i) => (
          <div className="row-fields" key={i}>
            <InputField
              label={`Owner ${noun} ${i + 1}`}
              value={value}
              onChange={(v) => onChange({ [key]: replace(rows, i, v) })}
              error={errors[`${key}.${i}`]}
              list={isRole ? roleList : undefined}
              placeholder={isRole ? 'role name' : 'Kusama address'}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => onChange({ [key]: without(rows, i) })}
              aria-label={`Remove owner ${noun} ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        {errors[key] ? <p className="field-error">{errors[key]}</p> : null}
        <button type="button" className="secondary" onClick={() => onChange({ [key]: [...rows, ''] })}>
          Add an owner {noun}
        </button>
      </>
    );
  };

  return (
    <>
      <datalist id={roleList}>
        {roleNames.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>

      <Field
        label="Description"
        hint={`Optional, at most ${MAX_DESCRIPTION} characters (${form.description.length} now).`}
        error={errors.description}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={form.description}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        )}
      </Field>

      <fieldset>
        <legend>Owners</legend>
        <p className="field-hint">
          Owners propose and vote on changes.{' '}
          {update ? 'The creator stays an owner.' : 'You, the creator, are an owner without being listed.'} Roles come
          from the roles registry.
        </p>
        {plainRows('ownerAccounts', 'account', false)} {plainRows('ownerRoles', 'role', true)}
      </fieldset>

      <fieldset>
        <legend>Beneficiaries</legend>
        <p className="field-hint">
          Who may register and claim. A weight is a positive decimal (empty: 1); a person listed by address gets its own
          weight, otherwise the largest of its roles’.
        </p>
        {weightedRows('beneficiaryAccounts', 'account', false)} {weightedRows('beneficiaryRoles', 'role', true)}
      </fieldset>

      <fieldset>
        <legend>Votes</legend>
        <div className="row-fields">
          <InputField
            label="Vote quorum"
            value={form.voteQuorum}
            onChange={(voteQuorum) => onChange({ voteQuorum })}
            error={errors.voteQuorum}
            hint="Share of the owners who must vote yes or no (default 0.51)."
            inputMode="decimal"
          />
          <InputField
            label="Vote period (seconds)"
            value={form.votePeriod}
            onChange={(votePeriod) => onChange({ votePeriod })}
            error={errors.votePeriod}
            hint="How long a vote stays open (default 600)."
            inputMode="numeric"
          />
          <InputField
            label="Enactment delay (seconds)"
            value={form.voteEnactment}
            onChange={(voteEnactment) => onChange({ voteEnactment })}
            error={errors.voteEnactment}
            hint="From the end of a vote to its enactment (default 300)."
            inputMode="numeric"
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>Claims</legend>
        <div className="row-fields">
          <InputField
            label="Claims start"
            type="datetime-local"
            step={1}
            value={form.claimStart}
            onChange={(claimStart) => onChange({ claimStart })}
            error={errors.claimStart}
            hint={
              update && dynamic
                ? 'Fixed at creation in a dynamic pool: its periods count from it.'
                : 'Your local time. Empty: from creation.'
            }
            disabled={update && dynamic}
          />
          <InputField
            label="Claims end"
            type="datetime-local"
            step={1}
            value={form.claimEnd}
            onChange={(claimEnd) => onChange({ claimEnd })}
            error={errors.claimEnd}
            hint="Your local time. Empty: never."
          />
          {!dynamic ? (
            <InputField
              label="Claim reach (seconds)"
              value={form.claimExpire}
              onChange={(claimExpire) => onChange({ claimExpire })}
              error={errors.claimExpire}
              hint="How far back one claim reaches. Empty or 0: no limit."
              inputMode="numeric"
            />
          ) : null}
        </div>
      </fieldset>

      <fieldset>
        <legend>Rates</legend>
        {update ? (
          <p className="field-hint">
            {dynamic
              ? `A dynamic rate, every ${form.dynamicRatePeriod} seconds: fixed at creation.`
              : 'Static rates; the rate mode is fixed at creation.'}
          </p>
        ) : (
          <div role="radiogroup" aria-label="Rate mode" className="radio-row">
            <label>
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={!dynamic}
                onChange={() => onChange({ rateMode: 'static' })}
              />{' '}
              Static rates
            </label>
            <label>
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={dynamic}
                onChange={() => onChange({ rateMode: 'dynamic' })}
              />{' '}
              Dynamic rate
            </label>
          </div>
        )}
        {!dynamic ? (
          <>
            <p className="field-hint">
              Planck per second for each unit of weight (a decimal, at most 18 digits after the point).
            </p>
            {form.tokenRates.map((row, i) => (
              <div className="row-fields" key={i}>
                <Field label={`Rate token ${i + 1}`} error={errors[`tokenRates.${i}.denom`]}>
                  {(props) => (
                    <select
                      {...props}
                      value={row.denom}
                      onChange={(e) =>
                        onChange({ tokenRates: replace(form.tokenRates, i, { ...row, denom: e.target.value }) })
                      }
                    >
                      {tokens.some((t) => t.denom === row.denom) ? null : (
                        <option value={row.denom}>{row.denom || 'Pick a token'}</option>
                      )}
                      {tokens.map((t) => (
                        <option key={t.denom} value={t.denom}>
                          {t.denom}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <InputField
                  label={`Rate ${i + 1} (planck per second per weight)`}
                  value={row.rate}
                  onChange={(rate) => onChange({ tokenRates: replace(form.tokenRates, i, { ...row, rate }) })}
                  error={errors[`tokenRates.${i}.rate`]}
                  hint={<RatePreview rate={row.rate} token={tokens.find((t) => t.denom === row.denom)} />}
                  inputMode="decimal"
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onChange({ tokenRates: without(form.tokenRates, i) })}
                  aria-label={`Remove rate ${i + 1}`}
                >
                  Remove
                </button>
              </div>
            ))}
            {errors.tokenRates ? <p className="field-error">{errors.tokenRates}</p> : null}
            <button
              type="button"
              className="secondary"
              onClick={() =>
                onChange({
                  tokenRates: [
                    ...form.tokenRates,
                    {
                      denom: tokens.find((t) => !form.tokenRates.some((r) => r.denom === t.denom))?.denom ?? '',
                      rate: '',
                    },
                  ],
                })
              }
            >
              Add a token rate
            </button>
          </>
        ) : !update ? (
          <InputField
            label="Dynamic rate period (seconds)"
            value={form.dynamicRatePeriod}
            onChange={(dynamicRatePeriod) => onChange({ dynamicRatePeriod })}
            error={errors.dynamicRatePeriod}
            hint="Everything deposited in one period is paid out in the next, in proportion to the weights (86400: a day)."
            inputMode="numeric"
          />
        ) : null}
      </fieldset>
    </>
  );
}
