import { useState, type FormEvent } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { Field, TextField } from '../../components/field.js';
import { seg } from '../../lib/api.js';
import { parseUnits } from '../../lib/format.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { href } from '../../router.js';
import type { Registry } from './registry.js';
import { normalizeAddress } from './rules.js';
import { SettingsFields } from './settings-fields.js';
import { draftOf, SETTING_KEYS, settingsFields, type SettingKey, type SettingsDraft } from './settings-draft.js';
import type { Proposal } from '../proposals/index.js';
import type { CollectiveDetail } from './types.js';

type Kind = 'update' | 'send-donation' | 'remove';

/** The checkboxes' names: distinct from the fields they reveal ("Description"), so each control has its own name. */
const SETTING_LABELS: Record<SettingKey, string> = {
  description: 'Change the description',
  depositWhitelist: 'Change who may contribute',
  ownersWhitelist: 'Change the owners',
  spendingPools: 'Change the spending pools and shares',
  claimStart: 'Change when claims start',
  claimPeriod: 'Change the claim period',
  claimEnd: 'Change when claims end',
  voteQuorum: 'Change the vote quorum',
  votePeriod: 'Change the vote period',
  voteEnactment: 'Change the enactment delay',
};

interface TransferRow {
  address: string;
  denom: string;
  amount: string;
}

/**
 * "Propose" (owners): a signed `collective.propose` of an update (the settings it changes, and/or
 * pausing or resuming), a send-donation (transfers from the donations held) or a removal.
 */
export function ProposeForm({ c, registry }: { c: CollectiveDetail; registry: Registry }) {
  const { account, config } = useApp();
  const [kind, setKind] = useState<Kind>('update');
  const [changing, setChanging] = useState<Set<SettingKey>>(new Set());
  const [status, setStatus] = useState<'' | 'paused' | 'active'>('');
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [transfers, setTransfers] = useState<TransferRow[]>([
    { address: '', denom: c.donations[0]?.denom ?? registry.tokens[0]?.denom ?? '', amount: '' },
  ]);
  const [tried, setTried] = useState(false);
  const action = useSignedAction<{ proposal: Proposal }>(
    'collective.propose',
    'POST',
    `/v1/collectives/${seg(c.name)}/proposals`,
  );
  const settings = draft ?? draftOf(c);
  const props = registry.properties;

  const update = settingsFields(
    settings,
    {
      ss58Prefix: config.chain.ss58Prefix,
      maxOutputs: props?.maxCollectiveOutputs ?? 1,
      minClaimPeriod: props?.minCollectiveClaimPeriod ?? 0,
      now: Math.floor(Date.now() / 1000),
      currentClaimStart: c.claimStart,
    },
    changing,
  );
  const updateProblem =
    changing.size === 0 && status === ''
      ? 'Tick at least one setting to change, or pause or resume the collective.'
      : null;

  const transferChecks = transfers.map((t) => {
    const address = normalizeAddress(t.address, config.chain.ss58Prefix);
    const token = registry.tokens.find((x) => x.denom === t.denom);
    const amount = token ? parseUnits(t.amount, token.decimals) : null;
    const error = !address
      ? 'Give a Kusama address to send to.'
      : !token
        ? 'Pick a token.'
        : amount === null || amount === 0n
          ? `An amount above 0 with at most ${token.decimals} decimals.`
          : null;
    return { error, value: address && amount ? { address, denom: t.denom, amount: amount.toString() } : null };
  });
  // All or nothing from the donations held (checked again by the service at enactment).
  const overHeld = [...new Set(transfers.map((t) => t.denom))].find((denom) => {
    const wanted = transferChecks.reduce((s, t) => s + (t.value?.denom === denom ? BigInt(t.value.amount) : 0n), 0n);
    const held = BigInt(c.donations.find((d) => d.denom === denom)?.amount ?? '0');
    return wanted > held;
  });

  function proposal(): Record<string, unknown> | null {
    if (kind === 'remove') return { kind: 'remove' };
    if (kind === 'update') {
      if (updateProblem || !update.fields) return null;
      return { kind: 'update', changes: { ...update.fields, ...(status ? { status } : {}) } };
    }
    if (transferChecks.some((t) => t.error) || transfers.length === 0) return null;
    return { kind: 'send-donation', transfers: transferChecks.map((t) => t.value) };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    action.reset();
    const body = proposal();
    if (!body) return;
    await action.run({ collective: c.name, proposal: body });
  }

  const toggle = (k: SettingKey, on: boolean) => {
    const next = new Set(changing);
    if (on) next.add(k);
    else next.delete(k);
    setChanging(next);
  };

  return (
    <form className="card collective-form" aria-label="Propose" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Propose</h3>
      <p className="muted small">
        Owners propose, then vote on the proposal's page. A passed proposal is enacted after the enactment delay, if the
        rules still allow it then.
      </p>
      <Field label="Kind of proposal">
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="update">Update settings, pause or resume</option>
            <option value="send-donation">Send donations held</option>
            <option value="remove">Remove the collective</option>
          </select>
        )}
      </Field>

      {kind === 'update' ? (
        <>
          <fieldset className="choices">
            <legend>Settings to change</legend>
            {SETTING_KEYS.map((k) => (
              <label key={k} className="check">
                <input type="checkbox" checked={changing.has(k)} onChange={(e) => toggle(k, e.target.checked)} />{' '}
                {SETTING_LABELS[k]}
              </label>
            ))}
          </fieldset>
          <Field label="Pause or resume">
            {(p) => (
              <select {...p} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                <option value="">No change ({c.paused ? 'paused' : 'not paused'})</option>
                <option value="paused">Pause (no claims, no contributions)</option>
                <option value="active">Resume</option>
              </select>
            )}
          </Field>
          <SettingsFields
            draft={settings}
            onChange={setDraft}
            errors={tried ? update.errors : null}
            keys={changing}
            pools={registry.pools}
            roles={registry.roles}
            maxOutputs={props?.maxCollectiveOutputs ?? 1}
            minClaimPeriod={props?.minCollectiveClaimPeriod ?? 0}
            creating={false}
          />
          {tried && updateProblem ? <p className="field-error">{updateProblem}</p> : null}
        </>
      ) : null}

      {kind === 'send-donation' ? (
        <fieldset>
          <legend>Transfers from the donations held</legend>
          {transfers.map((t, i) => {
            const n = transfers.length > 1 ? ` ${i + 1}` : '';
            const set = (change: Partial<TransferRow>) =>
              setTransfers(transfers.map((x, j) => (j === i ? { ...x, ...change } : x)));
            return (
              <div key={i} className="collective-row">
                <TextField label={`Send to${n}`} value={t.address} onChange={(address) => set({ address })} />
                <Field label={`Token of transfer${n}`}>
                  {(p) => (
                    <select {...p} value={t.denom} onChange={(e) => set({ denom: e.target.value })}>
                      {registry.tokens.map((x) => (
                        <option key={x.denom} value={x.denom}>
                          {x.denom}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <TextField
                  label={`Amount of transfer${n} (${t.denom})`}
                  value={t.amount}
                  inputMode="decimal"
                  onChange={(amount) => set({ amount })}
                  error={tried ? transferChecks[i]?.error : null}
                />
                {transfers.length > 1 ? (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setTransfers(transfers.filter((_, j) => j !== i))}
                  >
                    Remove transfer{n}
                  </button>
                ) : null}
              </div>
            );
          })}
          <button
            type="button"
            className="secondary"
            onClick={() => setTransfers([...transfers, { address: '', denom: transfers[0]?.denom ?? '', amount: '' }])}
          >
            Add a transfer
          </button>
          {overHeld ? (
            <p className="warning">
              The collective holds less {overHeld} in donations than this sends now: it is refused at enactment unless
              more donations arrive before.
            </p>
          ) : null}
        </fieldset>
      ) : null}

      {kind === 'remove' ? (
        <p className="warning">
          Removing releases every commitment (locked or not), restores every stash's reward destination and makes a
          final distribution to the pools. The name stays taken.
        </p>
      ) : null}

      <ErrorBox error={action.error} title="Not proposed" />
      {action.result ? (
        <p className="ok" role="status">
          Proposal {action.result.proposal.id} raised:{' '}
          <a href={href('proposals', action.result.proposal.id)}>open it to vote</a>.
        </p>
      ) : null}
      <button type="submit" disabled={!account || action.busy || c.status === 'removed'}>
        {action.busy ? 'Signing and sending…' : 'Sign and propose'}
      </button>
    </form>
  );
}
