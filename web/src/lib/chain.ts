import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { AccountSigner } from './wallet.js';

let connecting: Promise<ApiPromise> | null = null;

/** One connection per page to the chain endpoint the service names (`/v1/app-config`). */
export function chainApi(endpoint: string): Promise<ApiPromise> {
  if (!connecting) {
    connecting = (async () => {
      const { ApiPromise, WsProvider } = await import('@polkadot/api');
      // No automatic reconnect storm against an endpoint that is down: the user retries.
      const provider = new WsProvider(endpoint, 2_500);
      return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    })().catch((error: unknown) => {
      connecting = null;
      throw error;
    });
  }
  return connecting;
}

export type SubmitStep = 'signing' | 'sent' | 'in-block' | 'finalized';

/**
 * Signs `call` (0x call data) with the wallet and submits it; resolves once it is in a block and
 * succeeded, rejects with the chain's error (`module.Error: what it means`) otherwise.
 */
export async function submitCall(
  api: ApiPromise,
  callData: string,
  address: string,
  signer: AccountSigner,
  onStep: (step: SubmitStep, detail?: string) => void,
): Promise<{ blockHash: string; txHash: string }> {
  const call = api.createType('Call', callData);
  const tx = api.tx(call);
  return submitExtrinsic(api, tx, address, signer, onStep);
}

export function submitExtrinsic(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  address: string,
  signer: AccountSigner,
  onStep: (step: SubmitStep, detail?: string) => void,
): Promise<{ blockHash: string; txHash: string }> {
  onStep('signing');
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | null = null;
    tx.signAndSend(address, { signer: signer.chainSigner, nonce: -1 }, (result) => {
      if (result.status.isReady || result.status.isBroadcast) onStep('sent', tx.hash.toHex());
      if (result.dispatchError) {
        unsub?.();
        const e = result.dispatchError;
        if (e.isModule) {
          const meta = api.registry.findMetaError(e.asModule);
          reject(new Error(`${meta.section}.${meta.name}: ${meta.docs.join(' ')}`));
        } else reject(new Error(e.toString()));
        return;
      }
      // polkadot-js drops the in-block result when the finalized status follows before the block's
      // events are read (switchMap; a local chain finalizes at once): either one means included.
      if (result.status.isInBlock || result.status.isFinalized) {
        const blockHash = (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex();
        onStep(result.status.isInBlock ? 'in-block' : 'finalized', blockHash);
        unsub?.();
        resolve({ blockHash, txHash: tx.hash.toHex() });
      } else if (result.status.isInvalid || result.status.isDropped || result.status.isUsurped) {
        unsub?.();
        reject(new Error(`the transaction was ${result.status.type.toLowerCase()}`));
      }
    })
      .then((u) => (unsub = u))
      .catch(reject);
  });
}
