import { useState, type FormEvent } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { TextField } from '../../components/field.js';
import { formatPlanck, formatUnits } from '../../lib/format.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { navigate } from '../../router.js';
import { BondsFields } from './bonds-fields.js';
import type { Registry } from './registry.js';
import { creatorMinimumPlanck, meetsCreatorMinimum, nameError, parseBondRows, type BondRow } from './rules.js';
import { SettingsFields } from './settings-fields.js';
import { emptyDraft, SETTING_KEYS, settingsFields, type SettingsDraft } from './settings-draft.js';
import type { CollectiveDetail } from './types.js';

const ALL_SETTINGS = new Set(SETTING_KEYS);

/**
 * "Create a collective": a signed `collective.create` with every field, checked by the API's
 * rules first (name, description, bonds worth at least 10% of minCollectiveBond, whitelists,
 * pools whose shares add up to exactly 1, schedule, votes). On success: the collective's page.
 */
export function CreateCollectiveForm({ registry }: { registry: Registry }) {
  const { account, config } = useApp();
  const props = registry.properties;
  const minClaimPeriod = props?.minCollectiveClaimPeriod ?? 0;
  const [name, setName] = useState('');
  const [bonds, setBonds] = useState<BondRow[] | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [tried, setTried] = useState(false);
  const action = useSignedAction<CollectiveDetail>('collective.create', 'POST', '/v1/collectives');

  const firstToken = registry.stakingTokens[0]?.denom ?? '';
  const bondRows = bonds ?? [{ denom: firstToken, amount: '' }];
  const settings = draft ?? emptyDraft(minClaimPeriod);
  const now = Math.floor(Date.now() / 1000);

  // Checked on every render (cheap): the hints and the submit see the same verdict.
  const checked = (() => {
    const nameProblem = nameError(name);
    const parsedBonds = parseBondRows(bondRows, registry.tokens);
    const parsedSettings = settingsFields(settings, {
      ss58Prefix: config.chain.ss58Prefix,
      maxOutputs: props?.maxCollectiveOutputs ?? 1,
      minClaimPeriod,
      now,
    });
    let bondsTotal = parsedBonds.total;
    if (
      !bondsTotal &&
      parsedBonds.bonds &&
      props &&
      !meetsCreatorMinimum(parsedBonds.bonds, registry.tokens, props.minCollectiveBond)
    )
      bondsTotal = `You must commit at least 10% of the network's minimum (${props.minCollectiveBond} base units), valued at the registry's rates.`;
    return { nameProblem, parsedBonds, bondsTotal, parsedSettings };
  })();

  const minimumToken = registry.tokens.find((t) => t.denom === bondRows[0]?.denom);
  const minimumPlanck = minimumToken && props ? creatorMinimumPlanck(minimumToken, props.minCollectiveBond) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    action.reset();
    const { nameProblem, parsedBonds, bondsTotal, parsedSettings } = checked;
    if (nameProblem || !parsedBonds.bonds || bondsTotal || !parsedSettings.fields) return;
    const created = await action.run({ name, bonds: parsedBonds.bonds, ...parsedSettings.fields });
    if (created) navigate('collectives', created.name);
  }

  const problems = tried
    ? [
        checked.nameProblem,
        checked.bondsTotal,
        ...checked.parsedBonds.rows,
        ...Object.values(checked.parsedSettings.errors).flat(),
      ].filter((p): p is string => typeof p === 'string' && p !== '')
    : [];

  return (
    <form className="card collective-form" aria-label="Create a collective" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Create a collective</h2>
      <p className="muted">
        Your stash must be an active NDeST delegation: the stake you commit stays bonded in your own account, and its
        rewards go to the spending pools you name. You become the first owner and contributor.
      </p>
      <TextField
        label="Name"
        value={name}
        onChange={setName}
        hint="3 to 32 letters, digits, _ or -, starting with a letter; it never changes."
        error={tried ? checked.nameProblem : null}
      />
      <BondsFields
        legend="Your bond"
        rows={bondRows}
        onChange={setBonds}
        tokens={registry.stakingTokens}
        errors={tried ? checked.parsedBonds.rows : undefined}
        total={tried ? checked.bondsTotal : null}
        hint={
          minimumToken && minimumPlanck !== null ? (
            <>
              You commit at least{' '}
              <strong>
                {formatUnits(minimumPlanck, minimumToken.decimals)} {minimumToken.denom}
              </strong>{' '}
              ({formatPlanck(minimumPlanck)} planck): 10% of the network's minimum of {props?.minCollectiveBond} base
              units, at {minimumToken.rate} a {minimumToken.denom}. Your bonded {minimumToken.denom} must cover it.
            </>
          ) : (
            'Stake of your own stash committed to the collective.'
          )
        }
      />
      <SettingsFields
        draft={settings}
        onChange={setDraft}
        errors={tried ? checked.parsedSettings.errors : null}
        keys={ALL_SETTINGS}
        pools={registry.pools}
        roles={registry.roles}
        maxOutputs={props?.maxCollectiveOutputs ?? 1}
        minClaimPeriod={minClaimPeriod}
        creating
      />
      {problems.length > 0 ? (
        <div className="warning" role="status">
          Please fix {problems.length === 1 ? 'this' : `these ${problems.length} things`} first:
          <ul>
            {[...new Set(problems)].map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorBox error={action.error} title="The collective was not created" />
      {!account ? <p className="muted">Connect a wallet and pick an account to create a collective.</p> : null}
      <button type="submit" disabled={!account || action.busy || registry.loading}>
        {action.busy ? 'Signing and sending…' : 'Sign and create'}
      </button>
    </form>
  );
}
