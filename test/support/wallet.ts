import { randomBytes } from 'node:crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { signedMessage, type WalletAction } from '../../src/domain/wallet/signed-request.js';

export interface SignedEnvelopeOptions {
  /** Sign `<Bytes>message</Bytes>`, as wallet extensions' `signRaw` does. */
  wrapBytes?: boolean;
  /** Defaults to a fresh random 32-character hex nonce. */
  nonce?: string;
  /** Defaults to 5 minutes after `now`. */
  expiresAt?: string;
  /** Defaults to the wall clock. */
  now?: Date;
  /** Defaults to `pair.address` (the keyring's SS58 format decides the prefix). */
  address?: string;
}

export interface SignedEnvelope {
  payload: Record<string, unknown>;
  signature: string;
}

/**
 * A request body as a wallet builds it (DESIGN §6): `fields` plus address, nonce and expiresAt,
 * signed by `pair` over `NDeST:<action>:<genesisHash>:<canonical JSON>`.
 */
export function signedEnvelope(
  pair: KeyringPair,
  action: WalletAction,
  genesisHash: string,
  fields: Record<string, unknown> = {},
  options: SignedEnvelopeOptions = {},
): SignedEnvelope {
  const now = options.now ?? new Date();
  const payload = {
    ...fields,
    address: options.address ?? pair.address,
    nonce: options.nonce ?? randomBytes(16).toString('hex'),
    expiresAt: options.expiresAt ?? new Date(now.getTime() + 5 * 60_000).toISOString(),
  };
  return { payload, signature: signPayload(pair, action, genesisHash, payload, options.wrapBytes) };
}

/** Signs an already built payload (e.g. one a test tampers with afterwards). */
export function signPayload(
  pair: KeyringPair,
  action: WalletAction,
  genesisHash: string,
  payload: Record<string, unknown>,
  wrapBytes = false,
): string {
  const bytes = stringToU8a(signedMessage(action, genesisHash, payload));
  return u8aToHex(pair.sign(wrapBytes ? u8aWrapBytes(bytes) : bytes));
}
