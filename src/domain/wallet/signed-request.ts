import { unauthenticated, validationError } from '../errors.js';
import type { AddressCodec, SignatureVerifier } from '../ports/wallet.js';
import type { Address } from '../shared/types.js';
import { canonicalJson, CanonicalJsonError } from './canonical-json.js';
import { parseIsoTimestamp } from './iso-timestamp.js';

/** Every action a wallet can sign (DESIGN §6). The name is part of the signed message. */
export const WALLET_ACTIONS = [
  'opt-in',
  'opt-out',
  'collective.create',
  'collective.contribute',
  'collective.donate',
  'collective.withdraw',
  'collective.propose',
  'proposal.vote',
  'pool.create',
  'pool.register',
  'pool.claim',
  'pool.propose',
] as const;

export type WalletAction = (typeof WALLET_ACTIONS)[number];

export const NONCE_MIN_LENGTH = 16;
export const NONCE_MAX_LENGTH = 128;
/** How far ahead `expiresAt` may be: a signed request is a short-lived ticket. */
export const MAX_EXPIRY_AHEAD_MS = 10 * 60 * 1000;
/** sr25519/ed25519 signatures are 64 bytes, ecdsa 65; a MultiSignature adds a type byte. */
const SIGNATURE_FORMAT = /^0x(?:[0-9a-fA-F]{2}){64,66}$/;

export interface SignedEnvelopeInput {
  payload: unknown;
  signature: unknown;
}

export interface VerifiedRequest {
  /** The signer, re-encoded for the network's prefix. */
  address: Address;
  nonce: string;
  expiresAt: Date;
  /** The payload exactly as signed (including address, nonce and expiresAt as sent). */
  payload: Record<string, unknown>;
}

export interface VerifySignedRequestInput {
  envelope: SignedEnvelopeInput;
  action: WalletAction;
  genesisHash: string;
  now: Date;
  codec: AddressCodec;
  verifier: SignatureVerifier;
  /**
   * The action's own checks of its payload fields (e.g. opt-in's `bond`), run once the envelope's
   * form and freshness are checked and before the signature, which costs far more: a request
   * malformed there throws the action's error without a signature check.
   */
  checkFields?: PayloadCheck;
}

/** Throws the action's `validation` error for a malformed payload field; the value is read again later. */
export type PayloadCheck = (payload: Record<string, unknown>) => void;

/** The UTF-8 text a wallet signs for `action` with this payload. */
export function signedMessage(action: WalletAction, genesisHash: string, payload: Record<string, unknown>): string {
  return `NDeST:${action}:${genesisHash}:${canonicalJson(payload)}`;
}

/**
 * Checks a signed request's form, freshness, the action's fields (`checkFields`), then its
 * signature: every check that needs no signature comes before the one that does. Replay protection (a nonce accepted
 * once per address) is the caller's job, in the same transaction as the write it authorises.
 * Throws a `DomainError`: `validation` for malformed input, `unauthenticated` for an expired
 * request (`REQUEST_EXPIRED`) or a signature that does not verify (`BAD_SIGNATURE`).
 */
export function verifySignedRequest(input: VerifySignedRequestInput): VerifiedRequest {
  const { envelope, action, genesisHash, now, codec, verifier } = input;
  const payload = envelope.payload;
  if (!isRecord(payload)) throw validationError('PAYLOAD_INVALID', 'payload must be a JSON object');
  const message = messageOf(action, genesisHash, payload);

  const address = checkAddress(payload.address, codec);
  const nonce = checkNonce(payload.nonce);
  const expiresAt = checkExpiry(payload.expiresAt, now);
  const signature = checkSignature(envelope.signature);
  input.checkFields?.(payload);

  // The form checks above leave the verifier nothing to reject as malformed: if it throws, that is a fault (500).
  if (!verifier.verify(message, signature, address)) {
    throw unauthenticated(
      'BAD_SIGNATURE',
      `the signature does not verify for ${address} and action ${action} on this network`,
    );
  }
  return { address, nonce, expiresAt, payload };
}

function messageOf(action: WalletAction, genesisHash: string, payload: Record<string, unknown>): string {
  try {
    return signedMessage(action, genesisHash, payload);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    throw validationError('PAYLOAD_INVALID', `payload is not plain JSON: ${error.message}`, {
      field: `/payload${error.path}`,
    });
  }
}

function checkAddress(value: unknown, codec: AddressCodec): Address {
  const address = typeof value === 'string' ? codec.normalize(value) : null;
  if (address === null) {
    throw validationError(
      'ADDRESS_INVALID',
      value === undefined ? 'payload.address is missing' : 'payload.address is not a valid address of this network',
      { field: '/payload/address' },
    );
  }
  return address;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function checkNonce(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length < NONCE_MIN_LENGTH ||
    value.length > NONCE_MAX_LENGTH ||
    // A control character (NUL among them) would end up in the database and in log lines.
    CONTROL_CHARACTER.test(value)
  ) {
    throw validationError(
      'NONCE_INVALID',
      `payload.nonce must be a string of ${NONCE_MIN_LENGTH} to ${NONCE_MAX_LENGTH} characters, none of them a control character`,
      { field: '/payload/nonce' },
    );
  }
  return value;
}

function checkExpiry(value: unknown, now: Date): Date {
  const expiresAt = typeof value === 'string' ? parseIsoTimestamp(value) : null;
  if (expiresAt === null) {
    throw validationError(
      'EXPIRES_AT_INVALID',
      'payload.expiresAt must be an ISO-8601 date-time with an offset, e.g. 2025-01-31T12:00:00.000Z',
      { field: '/payload/expiresAt' },
    );
  }
  if (expiresAt.getTime() <= now.getTime()) {
    throw unauthenticated('REQUEST_EXPIRED', `the request expired at ${expiresAt.toISOString()}`);
  }
  if (expiresAt.getTime() - now.getTime() > MAX_EXPIRY_AHEAD_MS) {
    throw validationError('EXPIRES_AT_TOO_FAR', 'payload.expiresAt may be at most 10 minutes ahead', {
      field: '/payload/expiresAt',
      latest: new Date(now.getTime() + MAX_EXPIRY_AHEAD_MS).toISOString(),
    });
  }
  return expiresAt;
}

function checkSignature(value: unknown): string {
  if (typeof value !== 'string' || !SIGNATURE_FORMAT.test(value)) {
    throw validationError('SIGNATURE_INVALID', 'signature must be 0x-prefixed hex of a 64 to 66 byte signature', {
      field: '/signature',
    });
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
