import { useState, type FormEvent } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { navigate } from '../../router.js';
import { useTokens } from '../proposals/use-tokens.js';
import { InputField } from './input-field.js';
import { createPoolRequest, emptyPoolForm, type FormErrors, type PoolFormState } from './pool-form.js';
import { PoolSettingsFields } from './pool-settings-fields.js';
import type { PoolDetail } from './pool-types.js';

/**
 * Create a spending pool (signed `pool.create`, POST /v1/spending-pools) with every field of the
 * request, checked as the API checks them before the wallet is asked to sign; on success, the
 * pool's page.
 */
export function CreatePoolForm() {
  const { config, account } = useApp();
  const tokens = useTokens();
  const [form, setForm] = useState<PoolFormState>(() => emptyPoolForm(config.chain.token.symbol));
  const [errors, setErrors] = useState<FormErrors>({});
  const action = useSignedAction<PoolDetail>('pool.create', 'POST', '/v1/spending-pools');
  const change = (patch: Partial<PoolFormState>) => setForm((f) => ({ ...f, ...patch }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    action.reset();
    const { fields, errors: found } = createPoolRequest(form, {
      ss58Prefix: config.chain.ss58Prefix,
      denoms: tokens.list.map((t) => t.denom),
      now: Math.floor(Date.now() / 1000),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const created = await action.run(fields);
    if (created) navigate('pools', created.name);
  }

  const problems = Object.keys(errors).length;
  return (
    <form className="card pool-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="create-pool">
      <h2 id="create-pool">Create a spending pool</h2>
      <p className="muted">
        Anyone may create a pool. NDeST opens an account for it on chain (a pure proxy of the operator: no key of it
        exists), pays its fees, and pays beneficiaries by the pool’s rules. Owners change the rules by vote.
      </p>
      <InputField
        label="Pool name"
        value={form.name}
        onChange={(name) => change({ name })}
        error={errors.name}
        hint="3 to 32 characters: a letter first, then letters, digits, _ or -. It never changes."
        autoComplete="off"
        required
      />
      <PoolSettingsFields form={form} onChange={change} errors={errors} tokens={tokens.list} />
      {problems > 0 ? (
        <p className="error" role="alert">
          Fix the {problems === 1 ? 'field' : `${problems} fields`} marked above before signing.
        </p>
      ) : null}
      <ErrorBox error={action.error} title="The pool was not created" />
      {!account ? (
        <p className="muted">Connect a wallet and pick an account: it signs the request and becomes an owner.</p>
      ) : null}
      <button type="submit" disabled={action.busy || !account}>
        {action.busy ? 'Signing and creating…' : 'Create pool'}
      </button>
    </form>
  );
}
