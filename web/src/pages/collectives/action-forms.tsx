import { useState, type FormEvent } from 'react';
import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { TextField } from '../../components/field.js';
import { ApiError, seg } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { href } from '../../router.js';
import { BondsFields } from './bonds-fields.js';
import { donateFields, type DonateDraft } from './donate-rules.js';
import { parseBondRows, unixToLocalDateTime, type BondRow } from './rules.js';
import type { CollectiveDetail, Contributor, Token } from './types.js';

/** What every contributor action needs: the collective, its tokens, and the chosen account's contribution. */
interface ActionProps {
  c: CollectiveDetail;
  tokens: Token[];
  stakingTokens: Token[];
  mine: Contributor | null;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** "Contribute": a signed `collective.contribute` committing stake of the chosen account's stash. */
export function ContributeForm({ c, tokens, stakingTokens, mine }: ActionProps) {
  const { account } = useApp();
  const [rows, setRows] = useState<BondRow[] | null>(null);
  const [tried, setTried] = useState(false);
  const action = useSignedAction<Contributor>(
    'collective.contribute',
    'POST',
    `/v1/collectives/${seg(c.name)}/contributions`,
  );
  const bondRows = rows ?? [{ denom: stakingTokens[0]?.denom ?? '', amount: '' }];
  const parsed = parseBondRows(bondRows, tokens);
  const w = c.depositWhitelist;
  // Roles are checked by the service (it knows the members); an account that no rule can admit is told here.
  const surelyNotAllowed =
    account !== null &&
    !w.any &&
    w.roles.length === 0 &&
    account.address !== c.creator &&
    !w.accounts.includes(account.address);
  const blocked =
    c.status === 'removed'
      ? 'The collective has been removed: it takes no contributions.'
      : c.paused
        ? 'The collective is paused by its owners: it takes no contributions now.'
        : surelyNotAllowed
          ? 'This account is not on the list of those who may contribute.'
          : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    action.reset();
    if (blocked || !parsed.bonds) return;
    if (await action.run({ collective: c.name, bonds: parsed.bonds })) setRows(null);
  }

  return (
    <form className="card collective-form" aria-label="Contribute" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Contribute</h3>
      <p className="muted small">
        {mine?.status === 'counting'
          ? 'Adds to what your stash already commits here.'
          : 'Commits stake of your own stash: it must be an active NDeST delegation whose bonded KSM covers everything it commits. Its rewards then go to the collective’s account.'}
      </p>
      <BondsFields
        legend="Stake to commit"
        rows={bondRows}
        onChange={setRows}
        tokens={stakingTokens}
        errors={tried ? parsed.rows : undefined}
        total={tried ? parsed.total : null}
      />
      {blocked ? <p className="warning">{blocked}</p> : null}
      <ErrorBox error={action.error} title="Not contributed" />
      {action.result ? (
        <p className="ok" role="status">
          Committed. The operator now points your reward destination at the collective's account.
        </p>
      ) : null}
      <button type="submit" disabled={!account || action.busy || blocked !== null}>
        {action.busy ? 'Signing and sending…' : 'Sign and contribute'}
      </button>
    </form>
  );
}

/** "Lock and donate": a signed `collective.donate` setting the unlock date, the donation share and its lock. */
export function DonateForm({ c, mine }: ActionProps) {
  const { account } = useApp();
  const current = mine?.status === 'counting' ? mine : null;
  const [draft, setDraft] = useState<DonateDraft | null>(null);
  const [tried, setTried] = useState(false);
  const action = useSignedAction<Contributor>('collective.donate', 'POST', `/v1/collectives/${seg(c.name)}/donation`);
  const form: DonateDraft = draft ?? {
    locking: current && current.locking > 0 ? unixToLocalDateTime(current.locking) : '',
    donation: current?.donation ?? '0',
    donationLock: current?.donationLock ?? false,
  };
  const terms = current ?? { locking: 0, donation: '0', donationLock: false };
  const checked = donateFields(form, terms, nowSeconds());
  const set = (change: Partial<DonateDraft>) => setDraft({ ...form, ...change });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    action.reset();
    if (!current || !checked.fields) return;
    if (await action.run({ collective: c.name, ...checked.fields })) setDraft(null);
  }

  return (
    <form className="card collective-form" aria-label="Lock and donate" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Lock and donate</h3>
      <p className="muted small">
        A lock promises not to withdraw before its date (at most a year ahead at a time; never shortened). The donation
        is the share of your committed rewards kept by the collective, which its owners send by proposal.
      </p>
      {!current ? (
        <p className="warning">Only a counting contributor sets a lock and a donation: contribute first.</p>
      ) : null}
      <TextField
        label="Locked until"
        type="datetime-local"
        value={form.locking}
        onChange={(locking) => set({ locking })}
        hint={
          current && current.locking > 0
            ? `Your local time; now locked until ${formatTime(current.locking)}.`
            : 'Your local time; empty: no lock.'
        }
        error={tried ? checked.errors.locking : null}
      />
      <TextField
        label="Donation share"
        value={form.donation}
        inputMode="decimal"
        onChange={(donation) => set({ donation })}
        hint="From 0 to 1, e.g. 0.1 donates a tenth of your committed rewards."
        error={tried ? checked.errors.donation : null}
      />
      <label className="check">
        <input type="checkbox" checked={form.donationLock} onChange={(e) => set({ donationLock: e.target.checked })} />{' '}
        Lock the donation until the unlock date
      </label>
      <ErrorBox error={action.error} title="Terms not set" />
      {action.result ? (
        <p className="ok" role="status">
          Saved: locked until {action.result.locking === 0 ? 'no date' : formatTime(action.result.locking)}, donating{' '}
          {action.result.donation}
          {action.result.donationLock ? ' (donation locked)' : ''}.
        </p>
      ) : null}
      <button type="submit" disabled={!account || !current || action.busy}>
        {action.busy ? 'Signing and sending…' : 'Sign and set the terms'}
      </button>
    </form>
  );
}

/** "Withdraw": a signed `collective.withdraw` of everything or of some bonds. */
export function WithdrawForm({ c, tokens, stakingTokens, mine }: ActionProps) {
  const { account } = useApp();
  const current = mine?.status === 'counting' ? mine : null;
  const [everything, setEverything] = useState(true);
  const [rows, setRows] = useState<BondRow[] | null>(null);
  const [tried, setTried] = useState(false);
  const action = useSignedAction<Contributor>(
    'collective.withdraw',
    'POST',
    `/v1/collectives/${seg(c.name)}/withdrawal`,
  );
  const bondRows = rows ?? [{ denom: current?.bonds[0]?.denom ?? stakingTokens[0]?.denom ?? '', amount: '' }];
  const parsed = parseBondRows(bondRows, tokens);
  const over =
    parsed.bonds?.find((b) => {
      const held = current?.bonds.find((x) => x.denom === b.denom);
      return !held || BigInt(held.amount) < BigInt(b.amount);
    }) ?? null;
  const locked = current !== null && current.locking > nowSeconds();
  const blocked = !current
    ? 'Only a counting contributor can withdraw.'
    : locked
      ? `Your contribution is locked until ${formatTime(current.locking)}.`
      : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    action.reset();
    if (blocked) return;
    if (everything) await action.run({ collective: c.name });
    else if (parsed.bonds && !over) await action.run({ collective: c.name, bonds: parsed.bonds });
  }

  // A refused withdrawal below the minimum raised a removal proposal instead: its page is one click away.
  const raised =
    action.error instanceof ApiError && action.error.code === 'WITHDRAWAL_BELOW_MINIMUM'
      ? action.error.details?.proposalId
      : undefined;
  const proposalId = typeof raised === 'string' || typeof raised === 'number' ? String(raised) : undefined;

  return (
    <form className="card collective-form" aria-label="Withdraw" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Withdraw</h3>
      <p className="muted small">
        Takes back stake you committed; withdrawing everything restores your stash's previous reward destination. A
        withdrawal that would take the collective below its minimum raises a proposal to remove it instead.
      </p>
      <fieldset>
        <legend>How much</legend>
        <label className="check">
          <input type="radio" name="withdraw-all" checked={everything} onChange={() => setEverything(true)} />{' '}
          Everything
        </label>
        <label className="check">
          <input type="radio" name="withdraw-all" checked={!everything} onChange={() => setEverything(false)} /> Some of
          it
        </label>
      </fieldset>
      {!everything ? (
        <BondsFields
          legend="Stake to withdraw"
          rows={bondRows}
          onChange={setRows}
          tokens={stakingTokens}
          errors={tried ? parsed.rows : undefined}
          total={
            tried
              ? (parsed.total ?? (over ? `You cannot withdraw more ${over.denom} than you committed.` : null))
              : null
          }
        />
      ) : null}
      {blocked ? <p className="warning">{blocked}</p> : null}
      <ErrorBox error={action.error} title="Not withdrawn" />
      {proposalId ? (
        <p>
          <a href={href('proposals', proposalId)}>See removal proposal {proposalId}</a>
        </p>
      ) : null}
      {action.result ? (
        <p className="ok" role="status">
          {action.result.status === 'released' ? 'Withdrawn: your contribution is released.' : 'Withdrawn.'}
        </p>
      ) : null}
      <button type="submit" disabled={!account || action.busy || blocked !== null}>
        {action.busy ? 'Signing and sending…' : 'Sign and withdraw'}
      </button>
    </form>
  );
}
