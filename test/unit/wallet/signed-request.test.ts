import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { KeypairType } from '@polkadot/util-crypto/types';
import { blake2AsU8a, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import type { SignatureVerifier } from '../../../src/domain/ports/wallet.js';
import {
  signedMessage,
  verifySignedRequest,
  WALLET_ACTIONS,
  type VerifySignedRequestInput,
  type WalletAction,
} from '../../../src/domain/wallet/signed-request.js';
import { signedEnvelope, signPayload, type SignedEnvelope } from '../../support/wallet.js';
import { KUSAMA_PREFIX, walletCodec, walletVerifier } from '../../support/wallet-crypto.js';

const GENESIS = `0x${'ab'.repeat(32)}`;
const OTHER_GENESIS = `0x${'cd'.repeat(32)}`;
const NOW = new Date('2025-03-01T12:00:00.000Z');
const codec = walletCodec();
const verifier = walletVerifier();

let pairs: Record<KeypairType & ('sr25519' | 'ed25519' | 'ecdsa'), KeyringPair>;
let alice: KeyringPair;
let bob: KeyringPair;

beforeAll(async () => {
  await cryptoWaitReady();
  const pairOf = (type: KeypairType, uri: string) => new Keyring({ type, ss58Format: KUSAMA_PREFIX }).addFromUri(uri);
  pairs = {
    sr25519: pairOf('sr25519', '//Alice'),
    ed25519: pairOf('ed25519', '//Alice'),
    ecdsa: pairOf('ecdsa', '//Alice'),
  };
  alice = pairs.sr25519;
  bob = pairOf('sr25519', '//Bob');
});

function envelope(pair = alice, fields: Record<string, unknown> = { bondValue: '1000000000000' }, wrapBytes = false) {
  return signedEnvelope(pair, 'opt-in', GENESIS, fields, { now: NOW, wrapBytes });
}

function verify(
  body: SignedEnvelope | { payload: unknown; signature: unknown },
  overrides: Partial<VerifySignedRequestInput> = {},
) {
  return verifySignedRequest({
    envelope: body,
    action: 'opt-in',
    genesisHash: GENESIS,
    now: NOW,
    codec,
    verifier,
    ...overrides,
  });
}

/** The DomainError `run` throws (fails the test when it throws nothing or something else). */
function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** A copy of `payload` with `key` set, or removed when `value` is undefined (as JSON would have it). */
function withField(payload: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...payload, [key]: value };
  if (value === undefined) delete copy[key];
  return copy;
}

function expectRejected(run: () => unknown, kind: DomainError['kind'], code: string, field?: string) {
  const error = domainErrorOf(run);
  expect({ kind: error.kind, code: error.code }).toEqual({ kind, code });
  if (field !== undefined) expect(error.details?.field).toBe(field);
}

describe('signedMessage', () => {
  it('is NDeST:<action>:<genesis>:<canonical payload>', () => {
    expect(signedMessage('proposal.vote', GENESIS, { vote: 'aye', address: 'X', amount: ['1', '2'] })).toBe(
      `NDeST:proposal.vote:${GENESIS}:{"address":"X","amount":["1","2"],"vote":"aye"}`,
    );
  });

  it('names every action of DESIGN §6', () => {
    expect([...WALLET_ACTIONS].sort()).toEqual(
      [
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
      ].sort(),
    );
  });
});

describe('verifySignedRequest accepts', () => {
  it.each(['sr25519', 'ed25519', 'ecdsa'] as const)('a %s signature, bare and <Bytes>-wrapped', (type) => {
    for (const wrapBytes of [false, true]) {
      const body = envelope(pairs[type], { bondValue: '5' }, wrapBytes);
      const verified = verify(body);
      expect(verified.address).toBe(pairs[type].address);
      expect(verified.nonce).toBe(body.payload.nonce);
      expect(verified.expiresAt.toISOString()).toBe(body.payload.expiresAt);
      expect(verified.payload).toEqual(body.payload);
    }
  });

  it('an ecdsa signer whose address is the blake2 hash of its compressed key', () => {
    const pair = pairs.ecdsa;
    expect(pair.publicKey).toHaveLength(33);
    expect(pair.address).toBe(encodeAddress(blake2AsU8a(pair.publicKey), KUSAMA_PREFIX));
    expect(verify(envelope(pair)).address).toBe(pair.address);
  });

  it('a payload whose keys come in any order (the message is canonical)', () => {
    const body = envelope(alice, { b: 1, a: { y: [1, 2], x: null } });
    const reordered = Object.fromEntries(Object.entries(body.payload).reverse());
    expect(verify({ payload: reordered, signature: body.signature }).address).toBe(alice.address);
  });

  it('an expiry just short of 10 minutes ahead, with an offset', () => {
    const payload = { address: alice.address, nonce: 'n'.repeat(16), expiresAt: '2025-03-01T14:10:00+02:00' };
    expect(verify({ payload, signature: signPayload(alice, 'opt-in', GENESIS, payload) }).expiresAt.toISOString()).toBe(
      '2025-03-01T12:10:00.000Z',
    );
  });

  it('nonces of 16 and 128 characters', () => {
    for (const nonce of ['x'.repeat(16), 'x'.repeat(128)]) {
      const body = signedEnvelope(alice, 'opt-in', GENESIS, {}, { now: NOW, nonce });
      expect(verify(body).nonce).toBe(nonce);
    }
  });
});

describe('verifySignedRequest rejects', () => {
  it.each([
    ['null', null],
    ['an array', [1]],
    ['a string', 'payload'],
    ['missing', undefined],
  ])('a payload that is %s: PAYLOAD_INVALID', (_name, payload) => {
    expectRejected(() => verify({ payload, signature: envelope().signature }), 'validation', 'PAYLOAD_INVALID');
  });

  it('a payload holding non-JSON values: PAYLOAD_INVALID naming the field', () => {
    const body = envelope();
    expectRejected(
      () => verify({ payload: { ...body.payload, amount: 1n }, signature: body.signature }),
      'validation',
      'PAYLOAD_INVALID',
      '/payload/amount',
    );
  });

  it.each([
    ['missing', undefined],
    ['not a string', 42],
    ['garbage', 'not-an-address'],
    ['a hex public key', '0x' + 'aa'.repeat(32)],
  ])('an address that is %s: ADDRESS_INVALID', (_name, address) => {
    const body = envelope();
    expectRejected(
      () => verify({ payload: withField(body.payload, 'address', address), signature: body.signature }),
      'validation',
      'ADDRESS_INVALID',
      '/payload/address',
    );
  });

  it.each([
    ['Polkadot', 0],
    ['generic Substrate', 42],
  ])('the signer in the %s format (the payload must carry the network form): ADDRESS_INVALID', (_name, prefix) => {
    const address = encodeAddress(alice.publicKey, prefix);
    const body = signedEnvelope(alice, 'opt-in', GENESIS, {}, { now: NOW, address });
    expectRejected(() => verify(body), 'validation', 'ADDRESS_INVALID', '/payload/address');
  });

  it.each([
    ['missing', undefined],
    ['a number', 1234567890123456],
    ['15 characters', 'x'.repeat(15)],
    ['129 characters', 'x'.repeat(129)],
    ['holding a NUL', `nonce-with-nul-${'\u0000'}x`],
    ['holding a newline', 'nonce-with-a-newline\nx'],
    ['holding DEL', `nonce-with-del-${'\u007f'}x`],
  ])('a nonce that is %s: NONCE_INVALID', (_name, nonce) => {
    const body = envelope();
    expectRejected(
      () => verify({ payload: withField(body.payload, 'nonce', nonce), signature: body.signature }),
      'validation',
      'NONCE_INVALID',
      '/payload/nonce',
    );
  });

  it.each([
    ['missing', undefined],
    ['epoch millis', NOW.getTime() + 60_000],
    ['not ISO-8601', 'Sat, 01 Mar 2025 12:05:00 GMT'],
    ['an impossible date', '2025-02-30T12:05:00Z'],
    ['without an offset', '2025-03-01T12:05:00'],
  ])('an expiresAt that is %s: EXPIRES_AT_INVALID', (_name, expiresAt) => {
    const body = envelope();
    expectRejected(
      () => verify({ payload: withField(body.payload, 'expiresAt', expiresAt), signature: body.signature }),
      'validation',
      'EXPIRES_AT_INVALID',
      '/payload/expiresAt',
    );
  });

  it('an expired request (or one expiring right now): REQUEST_EXPIRED', () => {
    for (const expiresAt of ['2025-03-01T11:59:59.999Z', NOW.toISOString()]) {
      const body = signedEnvelope(alice, 'opt-in', GENESIS, {}, { now: NOW, expiresAt });
      expectRejected(() => verify(body), 'unauthenticated', 'REQUEST_EXPIRED');
    }
  });

  it('an expiry more than 10 minutes ahead: EXPIRES_AT_TOO_FAR', () => {
    const ok = signedEnvelope(alice, 'opt-in', GENESIS, {}, { now: NOW, expiresAt: '2025-03-01T12:10:00.000Z' });
    expect(verify(ok).address).toBe(alice.address);
    const tooFar = signedEnvelope(alice, 'opt-in', GENESIS, {}, { now: NOW, expiresAt: '2025-03-01T12:10:00.001Z' });
    expectRejected(() => verify(tooFar), 'validation', 'EXPIRES_AT_TOO_FAR', '/payload/expiresAt');
  });

  it.each([
    ['missing', undefined],
    ['not hex', '0xzz' + 'aa'.repeat(63)],
    ['without 0x', 'aa'.repeat(64)],
    ['odd-length hex', '0x' + 'a'.repeat(129)],
    ['too short', '0x' + 'aa'.repeat(63)],
    ['too long', '0x' + 'aa'.repeat(67)],
    ['a byte array', Array.from({ length: 64 }, () => 1)],
  ])('a signature that is %s: SIGNATURE_INVALID', (_name, signature) => {
    expectRejected(
      () => verify({ payload: envelope().payload, signature }),
      'validation',
      'SIGNATURE_INVALID',
      '/signature',
    );
  });

  it.each(['sr25519', 'ed25519', 'ecdsa'] as const)('a %s signature by another key: BAD_SIGNATURE', (type) => {
    const body = envelope(pairs[type]);
    const forged = signPayload(bob, 'opt-in', GENESIS, body.payload);
    expectRejected(() => verify({ payload: body.payload, signature: forged }), 'unauthenticated', 'BAD_SIGNATURE');
  });

  it.each(['sr25519', 'ed25519', 'ecdsa'] as const)('a %s signature for another action: BAD_SIGNATURE', (type) => {
    const body = signedEnvelope(pairs[type], 'opt-out', GENESIS, {}, { now: NOW });
    expect(verify(body, { action: 'opt-out' }).address).toBe(pairs[type].address);
    expectRejected(() => verify(body, { action: 'opt-in' }), 'unauthenticated', 'BAD_SIGNATURE');
  });

  it.each([false, true])('a signature for another chain (wrapBytes: %s): BAD_SIGNATURE', (wrapBytes) => {
    const body = signedEnvelope(alice, 'opt-in', OTHER_GENESIS, {}, { now: NOW, wrapBytes });
    expect(verify(body, { genesisHash: OTHER_GENESIS }).address).toBe(alice.address);
    expectRejected(() => verify(body), 'unauthenticated', 'BAD_SIGNATURE');
  });

  it.each(['sr25519', 'ed25519', 'ecdsa'] as const)('a tampered %s payload: BAD_SIGNATURE', (type) => {
    const body = envelope(pairs[type], { bondValue: '1000' });
    for (const payload of [
      { ...body.payload, bondValue: '1001' },
      { ...body.payload, extra: true },
      { ...body.payload, nonce: `${String(body.payload.nonce)}0` },
    ]) {
      expectRejected(() => verify({ payload, signature: body.signature }), 'unauthenticated', 'BAD_SIGNATURE');
    }
  });

  it('a signature over the pretty-printed payload instead of the canonical one: BAD_SIGNATURE', () => {
    const body = envelope();
    const loose = `NDeST:opt-in:${GENESIS}:${JSON.stringify(body.payload, null, 1)}`;
    const signature = `0x${Buffer.from(alice.sign(new TextEncoder().encode(loose))).toString('hex')}`;
    expectRejected(() => verify({ payload: body.payload, signature }), 'unauthenticated', 'BAD_SIGNATURE');
  });

  it('checks in a stable order: form first, then freshness, then the signature', () => {
    const body = envelope();
    const expiredAndForged = {
      payload: { ...body.payload, expiresAt: '2000-01-01T00:00:00Z' },
      signature: `0x${'00'.repeat(64)}`,
    };
    expectRejected(() => verify(expiredAndForged), 'unauthenticated', 'REQUEST_EXPIRED');
    const badNonceAndAddress = { payload: { ...body.payload, address: 'nope', nonce: 'short' }, signature: 'nope' };
    expectRejected(() => verify(badNonceAndAddress), 'validation', 'ADDRESS_INVALID');
  });

  it("runs the action's field checks after form and freshness, before the signature", () => {
    const body = envelope();
    const seen: unknown[] = [];
    const checkFields = (payload: Record<string, unknown>) => {
      seen.push(payload.bondValue);
      if (payload.bondValue !== '1000000000000') throw new Error('field refused');
    };
    const counting: SignatureVerifier = { verify: () => (seen.push('signature'), true) };
    expect(verify(body, { checkFields, verifier: counting }).address).toBe(alice.address);
    expect(seen).toEqual(['1000000000000', 'signature']);
    seen.length = 0;
    const tampered = { payload: { ...body.payload, bondValue: 'x' }, signature: body.signature };
    expect(() => verify(tampered, { checkFields, verifier: counting })).toThrow('field refused');
    expect(seen).toEqual(['x']);
    const expired = { payload: { ...tampered.payload, expiresAt: '2000-01-01T00:00:00Z' }, signature: body.signature };
    expectRejected(() => verify(expired, { checkFields, verifier: counting }), 'unauthenticated', 'REQUEST_EXPIRED');
  });

  it('lets a failing verifier fail loudly instead of reading it as a bad signature', () => {
    const broken: SignatureVerifier = {
      verify: () => {
        throw new Error('verifier not initialised');
      },
    };
    expect(() => verify(envelope(), { verifier: broken })).toThrow('verifier not initialised');
  });
});

describe('every action', () => {
  it.each([...WALLET_ACTIONS])('%s verifies only under its own name', (action: WalletAction) => {
    const body = signedEnvelope(alice, action, GENESIS, {}, { now: NOW });
    expect(verify(body, { action }).address).toBe(alice.address);
    const other = WALLET_ACTIONS.find((candidate) => candidate !== action) as WalletAction;
    expectRejected(() => verify(body, { action: other }), 'unauthenticated', 'BAD_SIGNATURE');
  });
});
