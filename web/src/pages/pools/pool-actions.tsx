import { useApp } from '../../app-state.js';
import { ErrorBox } from '../../components/error-box.js';
import { seg } from '../../lib/api.js';
import { formatTime } from '../../lib/format.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { TokenAmount } from '../proposals/token-amount.js';
import type { Tokens } from '../proposals/use-tokens.js';
import type { ClaimLine, PoolDetail } from './pool-types.js';

/** What the chosen account is in this pool, as far as the record shows (roles are checked by the API). */
function standing(pool: PoolDetail, address: string) {
  const owner = pool.creator === address || (pool.owners.accounts ?? []).includes(address);
  const listed = (pool.beneficiaries.accounts ?? []).find((b) => b.address === address);
  const registered = pool.registrations.some((r) => r.address === address);
  return { owner, listed, registered };
}

/** Register as a beneficiary (signed `pool.register`) and claim (signed `pool.claim`), as the chosen account. */
export function PoolActions({ pool, tokens }: { pool: PoolDetail; tokens: Tokens }) {
  const { account } = useApp();
  const base = `/v1/spending-pools/${seg(pool.name)}`;
  const register = useSignedAction<{ pool: string; address: string; registeredAt: number }>(
    'pool.register',
    'POST',
    `${base}/registrations`,
  );
  const claim = useSignedAction<{ pool: string; lines: ClaimLine[] }>('pool.claim', 'POST', `${base}/claims`);
  const me = account ? standing(pool, account.address) : null;
  const hasRoles = (pool.beneficiaries.roles ?? []).length > 0;

  return (
    <section className="card" aria-labelledby="pool-actions">
      <h2 id="pool-actions">Register and claim</h2>
      {!account || !me ? (
        <p className="muted">Connect a wallet and pick an account to register or claim.</p>
      ) : (
        <p>
          The chosen account{me.owner ? ' is an owner' : ''}
          {me.owner && (me.listed || me.registered) ? ' and' : ''}
          {me.listed ? ` is a listed beneficiary (weight ${me.listed.weight})` : ''}
          {me.registered ? ', registered' : ''}
          {!me.owner && !me.listed && !me.registered
            ? hasRoles
              ? ' is not listed by address; it may still be a beneficiary through a role.'
              : ' is not a beneficiary of this pool.'
            : '.'}
        </p>
      )}
      <p className="muted">
        A beneficiary registers once, then claims what accrued (rate × weight × time); each claim is paid on chain by
        the next payment batch.{pool.dynamicRate ? ' In a dynamic pool, registering counts from the next period.' : ''}
      </p>
      <div className="button-row">
        <button
          type="button"
          disabled={!account || register.busy}
          onClick={() => {
            claim.reset();
            void register.run({ pool: pool.name });
          }}
        >
          {register.busy ? 'Registering…' : 'Register as beneficiary'}
        </button>
        <button
          type="button"
          disabled={!account || claim.busy}
          onClick={() => {
            register.reset();
            void claim.run({ pool: pool.name });
          }}
        >
          {claim.busy ? 'Claiming…' : 'Claim'}
        </button>
      </div>
      {register.result ? (
        <p role="status" className="ok">
          Registered at {formatTime(register.result.registeredAt)}.
        </p>
      ) : null}
      <ErrorBox error={register.error} title="Not registered" />
      {claim.result ? (
        <div role="status">
          <p className="ok">Claim accepted: paid by the next payment batch.</p>
          <div className="table-wrap">
            <table>
              <caption className="muted">Claimed</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Accrued over</th>
                </tr>
              </thead>
              <tbody>
                {claim.result.lines.map((l, i) => (
                  <tr key={i}>
                    <td className="num">
                      <TokenAmount planck={l.amount} denom={l.denom} tokens={tokens} />
                    </td>
                    <td>{l.accruedFrom ? `${formatTime(l.accruedFrom)} – ${formatTime(l.accruedTo)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <ErrorBox error={claim.error} title="Nothing claimed" />
    </section>
  );
}
