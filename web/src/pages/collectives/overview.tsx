import { Address } from '../../components/address.js';
import { formatDecimal, parseDecimalText } from '../../../../src/domain/shared/fixed-point.js';
import { formatShare, formatTime } from '../../lib/format.js';
import { href } from '../../router.js';
import { formatDuration } from './rules.js';
import { StatusBadge } from './status-badge.js';
import { BondList } from './token-amount.js';
import type { CollectiveDetail, Token } from './types.js';

const ACCOUNT_WORDS: Record<CollectiveDetail['accountStatus'], string> = {
  creating: 'being created on chain',
  endowing: 'created; the operator is endowing it',
  ready: 'ready',
};

const value = (decimal: string) => formatDecimal(parseDecimalText(decimal) ?? 0n);

/** Status, bonded value against the minimum, account, whitelists, pools, claim schedule and vote settings. */
export function Overview({ c, tokens }: { c: CollectiveDetail; tokens: Token[] }) {
  const bonded = parseDecimalText(c.bondedValue) ?? 0n;
  const minimum = parseDecimalText(c.minimum) ?? 0n;
  const now = Math.floor(Date.now() / 1000);
  const nextClaim = c.lastDistro === null ? c.claimStart : Math.max(c.claimStart, c.lastDistro + c.claimPeriod);
  return (
    <>
      <section className="card" aria-labelledby="c-status">
        <h2 id="c-status">
          Status: <StatusBadge status={c.status} />
        </h2>
        <p className="muted">{statusWords(c, bonded >= minimum, now)}</p>
        <dl className="facts">
          <dt>Bonded value</dt>
          <dd>
            {value(c.bondedValue)} of the minimum {value(c.minimum)} (base units){' '}
            {bonded >= minimum ? (
              <span className="ok">reached</span>
            ) : (
              <span>— {formatDecimal(minimum - bonded)} short</span>
            )}
          </dd>
          <dt>Bonded</dt>
          <dd>
            <BondList bonds={c.bonded} tokens={tokens} />
          </dd>
          <dt>Bonding deadline</dt>
          <dd>
            {formatTime(c.bondingDeadline)}
            {c.reachedMinimumAt !== null
              ? ` — the minimum was reached on ${formatTime(c.reachedMinimumAt)}`
              : c.status !== 'removed'
                ? ' — removed then unless the minimum is reached before'
                : ''}
          </dd>
          <dt>Account</dt>
          <dd>
            {c.account ? <Address value={c.account} /> : <span className="muted">not on chain yet</span>} (
            {ACCOUNT_WORDS[c.accountStatus]})
          </dd>
          <dt>Creator</dt>
          <dd>
            <Address value={c.creator} />
          </dd>
          <dt>Created</dt>
          <dd>{formatTime(c.createdAt)}</dd>
          {c.removed ? (
            <>
              <dt>Removed</dt>
              <dd>
                {formatTime(c.removed.at)}: {c.removed.reason}
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="c-pools">
        <h2 id="c-pools">Spending pools</h2>
        <ul>
          {c.spendingPools.map((p) => (
            <li key={p.name}>
              <a href={href('pools', p.name)}>{p.name}</a> — share {p.share} ({formatShare(p.share)})
            </li>
          ))}
        </ul>
        <h3>Claims</h3>
        <dl className="facts">
          <dt>Claims start</dt>
          <dd>{formatTime(c.claimStart)}</dd>
          <dt>Claim period</dt>
          <dd>{formatDuration(c.claimPeriod)}</dd>
          <dt>Claims end</dt>
          <dd>{c.claimEnd === 0 ? 'never' : formatTime(c.claimEnd)}</dd>
          <dt>Last claim</dt>
          <dd>{c.lastDistro === null ? 'none yet' : formatTime(c.lastDistro)}</dd>
          {c.status === 'active' && (c.claimEnd === 0 || nextClaim < c.claimEnd) ? (
            <>
              <dt>Next claim</dt>
              <dd>{nextClaim <= now ? 'due now (the worker claims within seconds)' : formatTime(nextClaim)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="c-who">
        <h2 id="c-who">Who may contribute, who owns it</h2>
        <h3>May contribute</h3>
        {c.depositWhitelist.any ? (
          <p>Anyone.</p>
        ) : c.depositWhitelist.roles.length === 0 && c.depositWhitelist.accounts.length === 0 ? (
          <p>Only the creator.</p>
        ) : (
          <>
            <p>The creator, and:</p>
            <Listed roles={c.depositWhitelist.roles} accounts={c.depositWhitelist.accounts} />
          </>
        )}
        <h3>Owners</h3>
        {c.ownersWhitelist.roles.length === 0 && c.ownersWhitelist.accounts.length === 0 ? (
          <p>Only the creator.</p>
        ) : (
          <>
            <p>The creator, and:</p>
            <Listed roles={c.ownersWhitelist.roles} accounts={c.ownersWhitelist.accounts} />
          </>
        )}
        <p className="muted">
          Owners vote with a quorum of {c.voteQuorum} ({formatShare(c.voteQuorum)}); a vote stays open{' '}
          {formatDuration(c.votePeriod)} and a passed proposal is enacted {formatDuration(c.voteEnactment)} after it.
        </p>
      </section>
    </>
  );
}

function Listed({ roles, accounts }: { roles: string[]; accounts: string[] }) {
  return (
    <ul>
      {roles.map((r) => (
        <li key={`role:${r}`}>members of the role {r}</li>
      ))}
      {accounts.map((a) => (
        <li key={a}>
          <Address value={a} />
        </li>
      ))}
    </ul>
  );
}

function statusWords(c: CollectiveDetail, reached: boolean, now: number): string {
  switch (c.status) {
    case 'active':
      return 'Its bonded value reaches the minimum and claims have started: rewards go to the pools.';
    case 'paused':
      return 'Paused by its owners: no claims and no contributions until they resume it.';
    case 'removed':
      return 'Removed: every commitment was released and the record is kept.';
    case 'inactive':
      return reached && now < c.claimStart
        ? 'The minimum is reached; claims have not started yet.'
        : 'Not bonded enough yet: its bonded value is under the minimum.';
  }
}
