import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Planck, SignedEnvelope } from '../../../src/api/schemas/common.schemas.js';
import { verifySignedRequest } from '../../../src/domain/wallet/signed-request.js';
import { signedEnvelope } from '../../support/wallet.js';
import { KUSAMA_PREFIX, walletCodec, walletVerifier } from '../../support/wallet-crypto.js';
import { testApp, type TestApp } from './test-app.js';

const GENESIS = `0x${'42'.repeat(32)}`;

/** What a resource route does with a signed body: schema first, then the wallet protocol. */
const optInRoute: FastifyPluginAsyncTypebox = async (app) => {
  const codec = walletCodec();
  const verifier = walletVerifier();
  app.post(
    '/v1/delegations',
    {
      schema: {
        body: SignedEnvelope(Type.Object({ bond: Type.Optional(Planck) })),
        response: { 201: Type.Object({ stash: Type.String(), nonce: Type.String() }) },
      },
    },
    async (request, reply) => {
      const verified = verifySignedRequest({
        envelope: request.body,
        action: 'opt-in',
        genesisHash: GENESIS,
        now: new Date(),
        codec,
        verifier,
      });
      return reply.code(201).send({ stash: verified.address, nonce: verified.nonce });
    },
  );
};

let t: TestApp;
let alice: KeyringPair;
beforeAll(async () => {
  await cryptoWaitReady();
  alice = new Keyring({ type: 'sr25519', ss58Format: KUSAMA_PREFIX }).addFromUri('//Alice');
  t = await testApp({ routes: [{ plugin: optInRoute }] });
});
afterAll(() => t.app.close());

const post = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/delegations', payload });

describe('a signed route', () => {
  it.each([false, true])('accepts a wallet-signed body (wrapBytes: %s)', async (wrapBytes) => {
    const body = signedEnvelope(alice, 'opt-in', GENESIS, { bond: '1000000000000' }, { wrapBytes });
    const response = await post(body);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ stash: alice.address, nonce: body.payload.nonce });
  });

  it('answers 401 BAD_SIGNATURE for a tampered payload', async () => {
    const body = signedEnvelope(alice, 'opt-in', GENESIS, { bond: '1000000000000' });
    const response = await post({ ...body, payload: { ...body.payload, bond: '2000000000000' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('BAD_SIGNATURE');
  });

  it('answers 401 BAD_SIGNATURE for a request signed for another action', async () => {
    const response = await post(signedEnvelope(alice, 'opt-out', GENESIS));
    expect(response.json().error.code).toBe('BAD_SIGNATURE');
  });

  it('answers 401 REQUEST_EXPIRED for an old request', async () => {
    const response = await post(
      signedEnvelope(alice, 'opt-in', GENESIS, {}, { now: new Date(Date.now() - 3_600_000) }),
    );
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('REQUEST_EXPIRED');
  });

  it('answers 400 with the protocol code and field for an address of another network', async () => {
    const response = await post(
      signedEnvelope(alice, 'opt-in', GENESIS, {}, { address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'ADDRESS_INVALID', details: { field: '/payload/address' } });
  });
});
