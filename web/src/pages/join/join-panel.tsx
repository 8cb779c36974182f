import { useState, type FormEvent } from 'react';
import { useApp } from '../../app-state.js';
import { Amount } from '../../components/amount.js';
import { ErrorBox } from '../../components/error-box.js';
import { TextField } from '../../components/field.js';
import { formatUnits } from '../../lib/format.js';
import { href } from '../../router.js';
import { isDelegating, type DelegationStatus } from '../staking/delegation-api.js';
import { checkBondAmount } from './bond-amount.js';
import { JoinStepsList } from './join-steps-list.js';
import { operatorProxies } from './operator-proxy.js';
import type { StashOnChain } from './stash-on-chain.js';
import type { JoinFlow } from './use-join-flow.js';

/**
 * One click to join: the amount to bond when the account is not bonded yet, the "Join NDeST"
 * button, and each step's progress. A pending delegation (back later, setup not done) offers the
 * setup call again.
 */
export function JoinPanel({
  flow,
  stash,
  status,
  known,
}: {
  flow: JoinFlow;
  stash: StashOnChain | null;
  status: DelegationStatus | null;
  /** NDeST's status of the account has been read (or is known to be none). */
  known: boolean;
}) {
  const { config } = useApp();
  const { symbol, decimals } = config.chain.token;
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const running = flow.progress.current !== null && !flow.progress.failed && !flow.progress.finished;
  const needsBond = stash !== null && stash.ledger === null;
  const pending = status === 'pending';
  const canSign = config.chain.connected && stash !== null && known;

  const bondOrError = (): { ok: true; bond: bigint | null } | { ok: false } => {
    if (!needsBond) return { ok: true, bond: null };
    const check = checkBondAmount(amount, { decimals, symbol, minimum: stash.minimumBond, free: stash.free });
    setAmountError(check.error);
    return check.planck === null ? { ok: false } : { ok: true, bond: check.planck };
  };

  const onJoin = (e: FormEvent) => {
    e.preventDefault();
    const b = bondOrError();
    if (b.ok) void (pending ? flow.finishSetup(b.bond) : flow.join(b.bond));
  };

  const showForm = !running && (!isDelegating(status) || (pending && !flow.progress.finished));
  const setupDone = stash !== null && !needsBond && operatorProxies(stash.proxies, config.operator).length > 0;

  return (
    <section className="card join-panel" aria-labelledby="join-heading">
      <h2 id="join-heading">{pending && !running ? 'Finish joining' : 'Join NDeST'}</h2>
      <ErrorBox error={flow.error} />
      {flow.progress.current !== null ? <JoinStepsList progress={flow.progress} /> : null}
      {flow.progress.finished ? (
        <p className="ok" role="status">
          You are in: NDeST will nominate for this account in its next round. Follow{' '}
          <a href={href('staking')}>your nominations and rewards</a> as they come.
        </p>
      ) : null}
      {flow.setupDescription.length > 0 && flow.progress.current !== null ? (
        <details>
          <summary>What the setup call does</summary>
          <ul>
            {flow.setupDescription.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {flow.notes.length > 0 ? (
        <ul className="join-notes">
          {flow.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {status === 'active' && !flow.progress.finished ? (
        <p className="ok">This account is in: NDeST nominates for it.</p>
      ) : null}
      {showForm ? (
        <form onSubmit={onJoin} noValidate>
          {pending ? (
            <p>
              You opted in, but NDeST does not see {setupDone ? 'enough bond yet' : 'the bond and its Staking proxy'} on
              chain. {setupDone ? '' : 'Sign and submit the setup call to finish.'}
            </p>
          ) : (
            <p>
              Joining takes one click: your wallet asks you to sign the opt-in request, then to sign the setup call
              {needsBond ? ' that bonds your ' + symbol + ' and adds' : ' that adds'} NDeST&apos;s Staking proxy.
            </p>
          )}
          {needsBond ? (
            <TextField
              label={`Amount to bond (${symbol})`}
              value={amount}
              onChange={(v) => {
                setAmount(v);
                setAmountError(null);
              }}
              inputMode="decimal"
              placeholder="e.g. 10"
              error={amountError}
              hint={
                <>
                  At least {formatUnits(stash.minimumBond, decimals)} {symbol}. Free now:{' '}
                  {formatUnits(stash.free, decimals)} {symbol}; keep some for fees.
                </>
              }
            />
          ) : stash?.ledger ? (
            <p className="muted">
              Already bonded: <Amount planck={stash.ledger.active} />
            </p>
          ) : null}
          {pending ? (
            setupDone ? null : (
              <button type="submit" disabled={!canSign || flow.busy}>
                Sign and submit the setup call
              </button>
            )
          ) : (
            <button type="submit" disabled={!canSign || flow.busy}>
              Join NDeST
            </button>
          )}
          {!canSign ? (
            <p className="muted small">
              {config.chain.connected ? 'Reading your account on chain…' : 'Waiting for NDeST to reach the chain…'}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
