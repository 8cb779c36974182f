import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountsRoutes } from '../../../src/api/routes/accounts.routes.js';
import { collectivesRoutes } from '../../../src/api/routes/collectives.routes.js';
import { spendingPoolsRoutes } from '../../../src/api/routes/spending-pools.routes.js';
import { collectiveSubjects } from '../../../src/domain/collectives/collective-governance.js';
import type { WalletAction } from '../../../src/domain/wallet/signed-request.js';
import { createAuthorize } from '../../../src/domain/wallet/authorize.js';
import { collectiveHarness, ksm, type CollectiveHarness } from '../../support/collective-fakes.js';
import { poolHarness } from '../../support/in-memory-pools.js';
import { signedEnvelope } from '../../support/wallet.js';
import { KUSAMA_PREFIX, walletCodec, walletVerifier } from '../../support/wallet-crypto.js';
import { testApp, type TestApp } from './test-app.js';

/**
 * The collectives' routes with the real wallet protocol (DESIGN §6): each route checks the
 * signature for its own action, so that a request signed for one action is refused on another,
 * and the accounts plugin mounted by two features side by side.
 */

const GENESIS = `0x${'42'.repeat(32)}`;

let alice: KeyringPair;
let bob: KeyringPair;
beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: KUSAMA_PREFIX });
  [alice, bob] = ['//Alice', '//Bob'].map((uri) => keyring.addFromUri(uri)) as [KeyringPair, KeyringPair];
});

let h: CollectiveHarness;
let t: TestApp;
beforeEach(async () => {
  h = collectiveHarness(new Date());
  const codec = walletCodec();
  // Signed requests are checked against the wall clock, as in production.
  Object.assign(h.deps, {
    codec,
    authorize: createAuthorize({
      genesisHash: () => GENESIS,
      codec,
      verifier: walletVerifier(),
      clock: { now: () => new Date() },
    }),
  });
  h.governance.subjects.register(collectiveSubjects(h.deps));
  const pools = poolHarness();
  pools.deps.codec = codec;
  t = await testApp({
    routes: [
      {
        plugin: collectivesRoutes,
        prefix: '/v1/collectives',
        options: { deps: { collectives: h.deps, governance: h.governance } },
      },
      {
        plugin: spendingPoolsRoutes,
        prefix: '/v1/spending-pools',
        options: { deps: { pools: pools.deps, governance: h.governance } },
      },
      // Each feature mounts the accounts plugin with its own deps, under the one prefix.
      { plugin: accountsRoutes, prefix: '/v1/accounts', options: { deps: { pools: pools.deps } } },
      { plugin: accountsRoutes, prefix: '/v1/accounts', options: { deps: { collectives: h.deps } } },
    ],
  });
});
afterEach(() => t.app.close());

const createFields = () => ({
  name: 'commons',
  description: 'Stake for the commons',
  bonds: [{ denom: 'KSM', amount: ksm(50) }],
  depositWhitelist: { any: true, roles: [], accounts: [] },
  ownersWhitelist: { roles: [], accounts: [] },
  spendingPools: [{ name: 'garden', share: '1' }],
});

const post = (url: string, pair: KeyringPair, action: WalletAction, fields: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, payload: signedEnvelope(pair, action, GENESIS, fields) });

describe('signed collectives requests', () => {
  it('creates with a `collective.create` signature, and refuses one made for another action (401 BAD_SIGNATURE)', async () => {
    const wrong = await post('/v1/collectives', alice, 'pool.create', createFields());
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('BAD_SIGNATURE');
    expect(await h.collectives.byName('commons')).toBeNull();

    const created = await post('/v1/collectives', alice, 'collective.create', createFields());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'commons', creator: alice.address });
  });

  it.each([
    ['contributions', 'collective.contribute', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }, 201],
    ['donation', 'collective.donate', { donation: '0.5' }, 200],
    ['proposals', 'collective.propose', { proposal: { kind: 'remove' } }, 201],
  ] as const)('/%s takes `%s` and refuses another action’s signature', async (path, action, fields, status) => {
    expect((await post('/v1/collectives', alice, 'collective.create', createFields())).statusCode).toBe(201);
    const url = `/v1/collectives/commons/${path}`;
    const signer = path === 'contributions' ? bob : alice;
    const wrong = await post(url, signer, 'collective.withdraw', { collective: 'commons', ...fields });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('BAD_SIGNATURE');
    const right = await post(url, signer, action, { collective: 'commons', ...fields });
    expect(right.statusCode, right.body).toBe(status);
  });

  it('/withdrawal takes `collective.withdraw`', async () => {
    expect((await post('/v1/collectives', alice, 'collective.create', createFields())).statusCode).toBe(201);
    await post('/v1/collectives/commons/contributions', bob, 'collective.contribute', {
      collective: 'commons',
      bonds: [{ denom: 'KSM', amount: ksm(1) }],
    });
    const wrong = await post('/v1/collectives/commons/withdrawal', bob, 'collective.donate', { collective: 'commons' });
    expect(wrong.json().error.code).toBe('BAD_SIGNATURE');
    const right = await post('/v1/collectives/commons/withdrawal', bob, 'collective.withdraw', {
      collective: 'commons',
    });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json()).toMatchObject({ address: bob.address, status: 'released' });
  });
});

describe('the accounts plugin, mounted by pools and collectives side by side', () => {
  it('serves both features’ routes, the address in the network’s format', async () => {
    expect((await post('/v1/collectives', alice, 'collective.create', createFields())).statusCode).toBe(201);
    const collectives = await t.app.inject({ url: `/v1/accounts/${alice.address}/collectives` });
    expect(collectives.json()).toEqual({ address: alice.address, collectives: ['commons'] });
    const pools = await t.app.inject({ url: `/v1/accounts/${alice.address}/spending-pools` });
    expect(pools.statusCode).toBe(200);
    expect(pools.json()).toEqual({ address: alice.address, spendingPools: [] });
  });
});
