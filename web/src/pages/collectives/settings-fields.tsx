import { Field, TextField } from '../../components/field.js';
import { formatDecimal } from '../../../../src/domain/shared/fixed-point.js';
import { formatDuration, poolSharesErrors, type PoolShareRow } from './rules.js';
import type { SettingKey, SettingsDraft, SettingsErrors } from './settings-draft.js';

/**
 * The settings of a collective as form fields (the create form shows all, an update proposal the
 * ones it changes). Errors appear once the user tried to send (`errors` given then).
 */
export function SettingsFields({
  draft,
  onChange,
  errors,
  keys,
  pools,
  roles,
  maxOutputs,
  minClaimPeriod,
  creating,
}: {
  draft: SettingsDraft;
  onChange(draft: SettingsDraft): void;
  errors: SettingsErrors | null;
  keys: ReadonlySet<SettingKey>;
  pools: string[];
  roles: string[];
  maxOutputs: number;
  minClaimPeriod: number;
  creating: boolean;
}) {
  const set = (change: Partial<SettingsDraft>) => onChange({ ...draft, ...change });
  const e = errors ?? {};
  return (
    <>
      {keys.has('description') ? (
        <Field
          label="Description"
          hint={`What the collective is for; at most 256 characters (${draft.description.length} now).`}
          error={e.description}
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={draft.description}
              onChange={(ev) => set({ description: ev.target.value })}
            />
          )}
        </Field>
      ) : null}

      {keys.has('depositWhitelist') ? (
        <fieldset>
          <legend>Who may contribute</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.depositAny}
              onChange={(ev) => set({ depositAny: ev.target.checked })}
            />{' '}
            Anyone may contribute
          </label>
          <RoleChoices
            legend="Members of these roles may contribute"
            roles={roles}
            chosen={draft.depositRoles}
            onChange={(depositRoles) => set({ depositRoles })}
          />
          <AccountsField
            label="Accounts that may contribute"
            value={draft.depositAccounts}
            onChange={(depositAccounts) => set({ depositAccounts })}
            error={e.depositAccounts}
            hint={`Kusama addresses, one a line.${creating ? ' You may always contribute yourself.' : ' The creator always may.'}`}
          />
        </fieldset>
      ) : null}

      {keys.has('ownersWhitelist') ? (
        <fieldset>
          <legend>Owners (they propose and vote)</legend>
          <p className="field-hint">
            {creating ? 'You are an owner without being listed.' : 'The creator is an owner without being listed.'}
          </p>
          <RoleChoices
            legend="Members of these roles are owners"
            roles={roles}
            chosen={draft.ownerRoles}
            onChange={(ownerRoles) => set({ ownerRoles })}
          />
          <AccountsField
            label="Owner accounts"
            value={draft.ownerAccounts}
            onChange={(ownerAccounts) => set({ ownerAccounts })}
            error={e.ownerAccounts}
            hint="Kusama addresses, one a line."
          />
        </fieldset>
      ) : null}

      {keys.has('spendingPools') ? (
        <PoolSharesFields
          rows={draft.pools}
          onChange={(p) => set({ pools: p })}
          pools={pools}
          maxOutputs={maxOutputs}
          rowErrors={e.poolRows}
          total={e.spendingPools}
        />
      ) : null}

      {keys.has('claimStart') || keys.has('claimPeriod') || keys.has('claimEnd') ? (
        <fieldset>
          <legend>Claims to the pools</legend>
          {keys.has('claimStart') ? (
            <TextField
              label="Claims start"
              type="datetime-local"
              value={draft.claimStart}
              onChange={(claimStart) => set({ claimStart })}
              hint={creating ? 'Your local time; empty: now.' : 'Your local time.'}
              error={e.claimStart}
            />
          ) : null}
          {keys.has('claimPeriod') ? (
            <TextField
              label="Claim period (seconds)"
              value={draft.claimPeriod}
              inputMode="numeric"
              onChange={(claimPeriod) => set({ claimPeriod })}
              hint={`Time between two claims, at least ${minClaimPeriod} s${/^\d+$/.test(draft.claimPeriod) ? ` (now ${formatDuration(Number(draft.claimPeriod))})` : ''}; default 86400 (a day).`}
              error={e.claimPeriod}
            />
          ) : null}
          {keys.has('claimEnd') ? (
            <TextField
              label="Claims end"
              type="datetime-local"
              value={draft.claimEnd}
              onChange={(claimEnd) => set({ claimEnd })}
              hint="Your local time; empty: never."
              error={e.claimEnd}
            />
          ) : null}
        </fieldset>
      ) : null}

      {keys.has('voteQuorum') || keys.has('votePeriod') || keys.has('voteEnactment') ? (
        <fieldset>
          <legend>Votes of the owners</legend>
          {keys.has('voteQuorum') ? (
            <TextField
              label="Vote quorum"
              value={draft.voteQuorum}
              inputMode="decimal"
              onChange={(voteQuorum) => set({ voteQuorum })}
              hint="Share of the owners who must vote yes or no, above 0 up to 1; default 0.51."
              error={e.voteQuorum}
            />
          ) : null}
          {keys.has('votePeriod') ? (
            <TextField
              label="Vote period (seconds)"
              value={draft.votePeriod}
              inputMode="numeric"
              onChange={(votePeriod) => set({ votePeriod })}
              hint="How long a vote stays open; default 600 (10 minutes)."
              error={e.votePeriod}
            />
          ) : null}
          {keys.has('voteEnactment') ? (
            <TextField
              label="Enactment delay (seconds)"
              value={draft.voteEnactment}
              inputMode="numeric"
              onChange={(voteEnactment) => set({ voteEnactment })}
              hint="From the end of a vote to its enactment; default 300 (5 minutes)."
              error={e.voteEnactment}
            />
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}

function RoleChoices({
  legend,
  roles,
  chosen,
  onChange,
}: {
  legend: string;
  roles: string[];
  chosen: string[];
  onChange(roles: string[]): void;
}) {
  // Roles the collective names that the registry no longer lists still show, to be unticked.
  const all = [...roles, ...chosen.filter((r) => !roles.includes(r))];
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {all.length === 0 ? <p className="muted">No roles exist yet (an admin creates them).</p> : null}
      {all.map((role) => (
        <label key={role} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(role)}
            onChange={(ev) => onChange(ev.target.checked ? [...chosen, role] : chosen.filter((r) => r !== role))}
          />{' '}
          {role}
        </label>
      ))}
    </fieldset>
  );
}

function AccountsField({
  label,
  value,
  onChange,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string;
  hint: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <textarea {...props} rows={2} spellCheck={false} value={value} onChange={(ev) => onChange(ev.target.value)} />
      )}
    </Field>
  );
}

/** Spending pools with their shares; the running total is exact (added as decimals, not floats). */
function PoolSharesFields({
  rows,
  onChange,
  pools,
  maxOutputs,
  rowErrors,
  total,
}: {
  rows: PoolShareRow[];
  onChange(rows: PoolShareRow[]): void;
  pools: string[];
  maxOutputs: number;
  rowErrors?: (string | null)[];
  total?: string;
}) {
  const set = (i: number, change: Partial<PoolShareRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const sum = poolSharesErrors(rows, maxOutputs).sum;
  return (
    <fieldset>
      <legend>Spending pools and their shares</legend>
      <p className="field-hint">
        The rewards for the pools are split by these shares, which add up to exactly 1 (e.g. 0.7 and 0.3). At most{' '}
        {maxOutputs}. {pools.length === 0 ? 'No spending pool exists yet: create one first.' : null}
      </p>
      {rows.map((row, i) => {
        const n = rows.length > 1 ? ` ${i + 1}` : '';
        return (
          <div key={i} className="collective-row">
            <Field label={`Spending pool${n}`} error={rowErrors?.[i] && row.name === '' ? rowErrors[i] : null}>
              {(props) => (
                <select {...props} value={row.name} onChange={(ev) => set(i, { name: ev.target.value })}>
                  <option value="">Pick a pool…</option>
                  {[...pools, ...(row.name && !pools.includes(row.name) ? [row.name] : [])].map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label={`Share${n}`}
              value={row.share}
              inputMode="decimal"
              onChange={(share) => set(i, { share })}
              error={rowErrors?.[i] && row.name !== '' ? rowErrors[i] : null}
            />
            {rows.length > 1 ? (
              <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                Remove pool{n}
              </button>
            ) : null}
          </div>
        );
      })}
      {rows.length < maxOutputs ? (
        <button type="button" className="secondary" onClick={() => onChange([...rows, { name: '', share: '' }])}>
          Add a pool
        </button>
      ) : null}
      <p className="muted" aria-live="polite">
        Shares add up to {formatDecimal(sum)}
      </p>
      {total ? <p className="field-error">{total}</p> : null}
    </fieldset>
  );
}
