import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { useApp } from '../../app-state.js';
import { api } from '../../lib/api.js';
import { submitCall, submitExtrinsic, type SubmitStep } from '../../lib/chain.js';
import type { DelegationStatus, OptInResponse, SetupCall } from '../staking/delegation-api.js';
import { failAt, NOT_STARTED, startAt, type JoinProgress } from './join-steps.js';
import { buildSetupTx } from './setup-call.js';
import type { StashOnChain } from './stash-on-chain.js';
import { operatorProxies } from './operator-proxy.js';

const SUBMIT_WORDS: Record<SubmitStep, string> = {
  signing: 'Your wallet asks you to sign the setup call…',
  sent: 'Sent to the chain; waiting for a block…',
  'in-block': 'Included in a block.',
  finalized: 'Finalized.',
};

export interface JoinFlow {
  progress: JoinProgress;
  error: unknown;
  /** What the service said about this opt-in (a bond below minimumActiveStake earns nothing, …). */
  notes: string[];
  /** The setup call's own description, from the service. */
  setupDescription: string[];
  busy: boolean;
  /** Signs the opt-in (with `bond` planck when the stash is not bonded), then the setup call; then waits. */
  join(bond: bigint | null): Promise<void>;
  /** A pending delegation: signs and submits the setup call again (the service's, or built here). */
  finishSetup(bond: bigint | null): Promise<void>;
  reset(): void;
}

/**
 * Joining NDeST as one click: the signed `opt-in` (POST /v1/delegations), the wallet signing and
 * submitting the setup call it returns, then waiting until the service sees the proxy and bond
 * on chain and calls the delegation `active`.
 */
export function useJoinFlow(input: {
  chainApi: ApiPromise | null;
  stash: StashOnChain | null;
  status: DelegationStatus | null;
}): JoinFlow {
  const app = useApp();
  const { account, config } = app;
  const [progress, setProgress] = useState<JoinProgress>(NOT_STARTED);
  const [error, setError] = useState<unknown>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [setupDescription, setSetupDescription] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // The service's setup call from this visit's opt-in: a retry signs the same one.
  const setupCall = useRef<SetupCall | null>(null);

  // The last step: the service saw the proxy and bond and made the delegation active.
  useEffect(() => {
    if (progress.current === 'watch' && !progress.failed && input.status === 'active') setProgress(startAt('active'));
  }, [progress, input.status]);

  const onSubmitStep = useCallback(
    (step: SubmitStep, detail?: string) =>
      setProgress(startAt('setup', `${SUBMIT_WORDS[step]}${detail && step !== 'signing' ? ` (${detail})` : ''}`)),
    [],
  );

  const submitSetup = useCallback(
    async (bond: bigint | null) => {
      if (!account) throw new Error('Connect a wallet and pick an account first.');
      const chain = input.chainApi;
      if (!chain) throw new Error('The chain is not connected yet: wait a moment and try again.');
      const signer = await app.signer(account);
      setProgress(startAt('setup', SUBMIT_WORDS.signing));
      if (setupCall.current) {
        await submitCall(chain, setupCall.current.callData, account.address, signer, onSubmitStep);
        return;
      }
      // Back later with a pending delegation: the same call, built here from what the chain shows now.
      if (!config.operator) throw new Error('NDeST names no operator account, so there is no proxy to add.');
      const needsBond = input.stash?.ledger === null;
      const needsProxy = operatorProxies(input.stash?.proxies ?? [], config.operator).length === 0;
      if (needsBond && bond === null) throw new Error('Say how much to bond first.');
      if (!needsBond && !needsProxy) return;
      const tx = buildSetupTx(chain, { operator: config.operator, bondValue: needsBond ? bond : null, needsProxy });
      await submitExtrinsic(chain, tx, account.address, signer, onSubmitStep);
    },
    [account, app, config.operator, input.chainApi, input.stash, onSubmitStep],
  );

  const afterSetup = useCallback(() => {
    setProgress(startAt('watch', 'NDeST checks the chain every few seconds for your bond and its proxy.'));
    app.refresh();
  }, [app]);

  const finishSetup = useCallback(
    async (bond: bigint | null) => {
      setBusy(true);
      setError(null);
      try {
        await submitSetup(bond);
        afterSetup();
      } catch (e) {
        setError(e);
        setProgress((p) => failAt(p.current === null ? startAt('setup') : p));
        app.refresh();
      } finally {
        setBusy(false);
      }
    },
    [submitSetup, afterSetup, app],
  );

  const join = useCallback(
    async (bond: bigint | null) => {
      setBusy(true);
      setError(null);
      setupCall.current = null;
      setProgress(startAt('opt-in', 'Your wallet asks you to sign the opt-in request…'));
      try {
        const envelope = await app.sign('opt-in', bond === null ? {} : { bond: bond.toString() });
        setProgress(startAt('opt-in', 'Sending the signed request to NDeST…'));
        const answer = await api.post<OptInResponse>('/v1/delegations', envelope);
        setupCall.current = answer.setup;
        setNotes(answer.notes);
        setSetupDescription(answer.setup?.description ?? []);
        app.refresh();
        if (answer.setup) await submitSetup(bond);
        else setProgress(startAt('setup', 'Nothing to sign: the chain already shows your bond and the proxy.'));
        afterSetup();
      } catch (e) {
        setError(e);
        setProgress((p) => failAt(p));
        app.refresh();
      } finally {
        setBusy(false);
      }
    },
    [app, submitSetup, afterSetup],
  );

  const reset = useCallback(() => {
    setProgress(NOT_STARTED);
    setError(null);
  }, []);

  return { progress, error, notes, setupDescription, busy, join, finishSetup, reset };
}
