import { signedMessage, type WalletAction } from '../../../src/domain/wallet/signed-request.js';
import type { AccountSigner } from './wallet.js';

export type { WalletAction };

export interface SignedEnvelope {
  payload: Record<string, unknown>;
  signature: string;
}

/** A fresh nonce: 32 hex characters from the browser's CSPRNG. */
function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A signed request body (DESIGN §6): `fields` plus address, nonce and expiresAt (5 minutes ahead),
 * the wallet signing `NDeST:<action>:<genesis hash>:<canonical JSON>`, the same text the service
 * checks (one function builds it for both).
 */
export async function signRequest(
  signer: AccountSigner,
  address: string,
  action: WalletAction,
  genesisHash: string,
  fields: Record<string, unknown> = {},
): Promise<SignedEnvelope> {
  const payload = {
    ...fields,
    address,
    nonce: newNonce(),
    expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
  };
  const signature = await signer.signMessage(signedMessage(action, genesisHash, payload));
  return { payload, signature };
}
