import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app-state.js';
import { Address } from '../../components/address.js';
import { ErrorBox } from '../../components/error-box.js';
import { seg } from '../../lib/api.js';
import { submitExtrinsic } from '../../lib/chain.js';
import { useSignedAction } from '../../lib/use-signed-action.js';
import { isDelegating, type Delegation, type DelegationStatus } from '../staking/delegation-api.js';
import { operatorProxies } from './operator-proxy.js';
import { buildRemoveProxyTx } from './setup-call.js';
import type { ChainRead } from './use-stash-on-chain.js';

/**
 * Leaving is one click too: a signed `opt-out` (DELETE /v1/delegations/{address}). The proxy is
 * the user's to remove, with one transaction the page offers while it is there.
 */
export function LeavePanel({
  address,
  status,
  chain,
}: {
  address: string;
  status: DelegationStatus | null;
  chain: ChainRead;
}) {
  const leave = useSignedAction<{ delegation: Delegation }>('opt-out', 'DELETE', `/v1/delegations/${seg(address)}`);
  const delegating = isDelegating(status);
  // Joined again after leaving: the old "you left" no longer holds.
  const wasDelegating = useRef(delegating);
  const { reset } = leave;
  useEffect(() => {
    if (delegating && !wasDelegating.current) reset();
    wasDelegating.current = delegating;
  }, [delegating, reset]);
  return (
    <>
      {delegating || leave.result ? (
        <section className="card" aria-labelledby="leave-heading">
          <h2 id="leave-heading">Leave NDeST</h2>
          {leave.result ? (
            <p className="ok" role="status">
              You left NDeST (status: {leave.result.delegation.status}). It no longer nominates for this account. The
              validators it nominated stay nominated until you change them: your stake, your choice.
            </p>
          ) : (
            <>
              <p>
                Leaving takes one signature: NDeST stops nominating for this account. Nothing moves on chain; then
                remove NDeST&apos;s Staking proxy, so that it cannot act for this account at all.
              </p>
              <button type="button" className="danger" onClick={() => void leave.run({})} disabled={leave.busy}>
                {leave.busy ? 'Leaving…' : 'Leave NDeST'}
              </button>
            </>
          )}
          <ErrorBox error={leave.error} />
        </section>
      ) : null}
      {!delegating ? <RemoveProxy address={address} chain={chain} /> : null}
    </>
  );
}

/** The operator's proxy, while it is still on the account after leaving: removed with one transaction. */
function RemoveProxy({ address, chain }: { address: string; chain: ChainRead }) {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const proxies = chain.stash ? operatorProxies(chain.stash.proxies, app.config.operator) : [];
  if (proxies.length === 0)
    return done ? (
      <p className="ok card" role="status">
        {done}
      </p>
    ) : null;

  const remove = async () => {
    if (!chain.api || !app.account) return;
    setBusy(true);
    setError(null);
    try {
      const signer = await app.signer(app.account);
      const { blockHash } = await submitExtrinsic(
        chain.api,
        buildRemoveProxyTx(chain.api, proxies),
        address,
        signer,
        () => undefined,
      );
      setDone(`NDeST's proxy is removed (block ${blockHash}): it can no longer act for this account.`);
      app.refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="remove-proxy-heading">
      <h2 id="remove-proxy-heading">Remove NDeST&apos;s proxy</h2>
      <p>
        NDeST&apos;s operator <Address value={proxies[0]!.delegate} /> still holds a {proxies[0]!.proxyType} proxy on
        this account. NDeST does not use it once you have left, but only you can remove it: one transaction
        (proxy.removeProxy), which also returns the proxy deposit to your free balance.
      </p>
      <button type="button" className="secondary" onClick={() => void remove()} disabled={busy || !chain.api}>
        {busy ? 'Removing…' : "Remove NDeST's proxy"}
      </button>
      <ErrorBox error={error} />
    </section>
  );
}
