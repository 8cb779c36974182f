import type { AddressCodec, SignatureVerifier } from '../ports/wallet.js';
import type { Clock } from '../ports/clock-and-beacon.js';
import {
  verifySignedRequest,
  type PayloadCheck,
  type SignedEnvelopeInput,
  type VerifiedRequest,
  type WalletAction,
} from './signed-request.js';

/**
 * A nonce a signed request spends. Every write a signed request authorises takes it and records
 * it in the same database transaction as the change (`consumeNonce` in src/db), so a failed
 * request spends nothing and a replayed one changes nothing.
 */
export interface NonceUse {
  address: string;
  nonce: string;
  action: WalletAction;
}

/** A request whose form, freshness and signature were checked for one action. */
export interface AuthorizedRequest extends VerifiedRequest {
  action: WalletAction;
  /** Hand this to the repository write that the request authorises. */
  nonceUse: NonceUse;
}

/**
 * Checks a signed request for `action`; throws the wallet protocol's errors (DESIGN §6).
 * `checkFields` checks the action's own payload fields before the signature (see `verifySignedRequest`).
 */
export type Authorize = (
  action: WalletAction,
  envelope: SignedEnvelopeInput,
  checkFields?: PayloadCheck,
) => AuthorizedRequest;

export interface AuthorizeDeps {
  /** Read on every request: known once the chain answered. */
  genesisHash: () => string;
  codec: AddressCodec;
  verifier: SignatureVerifier;
  clock: Clock;
}

/** The one authoriser of every signed action, bound once in src/main. */
export function createAuthorize(deps: AuthorizeDeps): Authorize {
  return (action, envelope, checkFields) => {
    const verified = verifySignedRequest({
      envelope,
      action,
      checkFields,
      genesisHash: deps.genesisHash(),
      now: deps.clock.now(),
      codec: deps.codec,
      verifier: deps.verifier,
    });
    return { ...verified, action, nonceUse: { address: verified.address, nonce: verified.nonce, action } };
  };
}
