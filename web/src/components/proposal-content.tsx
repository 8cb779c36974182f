import '../pages/proposals/proposals.css';
import { Address } from './address.js';
import { TokenAmount } from '../pages/proposals/token-amount.js';
import { useTokens } from '../pages/proposals/use-tokens.js';
import type { Proposal } from '../pages/proposals/proposal-types.js';

const KIND_WORDS: Record<string, string> = {
  update: 'Change settings',
  distribute: 'Distribute to every registered beneficiary what it accrued',
  pay: 'Pay from what the pool holds unowed',
  'send-donation': 'Send donations',
  remove: 'Remove the collective',
};

interface Transfer {
  address: string;
  denom: string;
  amount: string;
}

const isTransfers = (v: unknown): v is Transfer[] =>
  Array.isArray(v) &&
  v.every((t) => typeof t === 'object' && t !== null && 'address' in t && 'denom' in t && 'amount' in t);

/** A setting's value in readable form (lists and records as compact JSON, exact as sent). */
function SettingValue({ value }: { value: unknown }) {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return <code>{String(value)}</code>;
  return <code className="json">{JSON.stringify(value, null, 1)}</code>;
}

/** What a proposal would do: its kind in words, then its fields (payments with amounts, changed settings). */
export function ProposalContent({ proposal }: { proposal: Proposal }) {
  const tokens = useTokens();
  const { body } = proposal;
  const transfers = isTransfers(body.payments) ? body.payments : isTransfers(body.transfers) ? body.transfers : null;
  const changes =
    typeof body.changes === 'object' && body.changes !== null ? (body.changes as Record<string, unknown>) : null;
  return (
    <div className="proposal-content">
      <p>
        <span className="badge">{proposal.kind}</span> {KIND_WORDS[proposal.kind] ?? ''}
      </p>
      {transfers ? (
        <div className="table-wrap">
          <table>
            <caption className="muted">{body.payments ? 'Payments' : 'Transfers'}</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {transfers.map((t, i) => (
                <tr key={i}>
                  <td>
                    <Address value={t.address} />
                  </td>
                  <td className="num">
                    <TokenAmount planck={t.amount} denom={t.denom} tokens={tokens} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {changes ? (
        <div className="table-wrap">
          <table>
            <caption className="muted">Changes</caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">New value</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(changes).map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>
                    <SettingValue value={value} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {!transfers && !changes && Object.keys(body).some((k) => k !== 'kind') ? (
        <pre className="json">{JSON.stringify(body, null, 2)}</pre>
      ) : null}
    </div>
  );
}
