import { Type, type TSchema } from '@sinclair/typebox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountsRoutes } from '../../../src/api/routes/accounts.routes.js';
import { collectivesRoutes } from '../../../src/api/routes/collectives.routes.js';
import { proposalsRoutes } from '../../../src/api/routes/proposals.routes.js';
import {
  AccountCollectivesSchema,
  CollectiveDetailSchema,
  CollectiveNamesSchema,
  ContributionResponseSchema,
} from '../../../src/api/schemas/collectives.schemas.js';
import { ErrorResponse } from '../../../src/api/schemas/common.schemas.js';
import { ProposalListSchema, ProposalSchema } from '../../../src/api/schemas/proposals.schemas.js';
import { collectiveSubjects } from '../../../src/domain/collectives/collective-governance.js';
import { collectiveHarness, ksm, type CollectiveHarness } from '../../support/collective-fakes.js';
import { signedBy } from '../../support/in-memory-pools.js';
import { expectSchema } from './collectives-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

/**
 * The collectives' routes (DESIGN §7, §8) over the real use-cases, governance and read model, with
 * in-memory repositories and fakes of the registries and the chain: status codes, error codes,
 * every response checked against its schema, and nothing written by a refused request.
 */

/** What POST /v1/collectives/{name}/proposals answers. */
const ProposalCreated = Type.Object({ proposal: ProposalSchema }, { additionalProperties: false });

const T0 = Math.floor(new Date('2030-01-01T00:00:00Z').getTime() / 1000);
let h: CollectiveHarness;
let t: TestApp;

beforeEach(async () => {
  h = collectiveHarness();
  h.governance.subjects.register(collectiveSubjects(h.deps));
  t = await testApp({
    routes: [
      {
        plugin: collectivesRoutes,
        prefix: '/v1/collectives',
        options: { deps: { collectives: h.deps, governance: h.governance } },
      },
      {
        plugin: proposalsRoutes,
        prefix: '/v1/proposals',
        options: { deps: { governance: h.governance, authorize: h.deps.authorize } },
      },
      // As the collectives' module mounts it: only the collectives' route of the accounts plugin.
      { plugin: accountsRoutes, prefix: '/v1/accounts', options: { deps: { collectives: h.deps } } },
    ],
  });
});
afterEach(() => t.app.close());

type Reply = Awaited<ReturnType<TestApp['app']['inject']>>;

const post = (url: string, body: object) => t.app.inject({ method: 'POST', url, payload: body });
const get = (url: string) => t.app.inject({ method: 'GET', url });

/** The body of a response of `status`, checked against its schema. */
function ok(response: Reply, status: number, schema: TSchema): any {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expectSchema(schema, body);
  return body;
}

function fails(response: Reply, status: number, code: string): any {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json();
  expectSchema(ErrorResponse, body);
  expect(body.error.code).toBe(code);
  return body.error;
}

/** A `collective.create` payload's own fields (minimum 1000 base units; 1 KSM is worth 10). */
const createFields = (overrides: Record<string, unknown> = {}) => ({
  name: 'commons',
  description: 'Stake for the commons',
  bonds: [{ denom: 'KSM', amount: ksm(50) }],
  depositWhitelist: { any: false, roles: [], accounts: ['carol', 'erin'] },
  ownersWhitelist: { roles: [], accounts: ['bob'] },
  spendingPools: [
    { name: 'garden', share: '0.6' },
    { name: 'orchard', share: '0.4' },
  ],
  ...overrides,
});

const create = (by = 'alice', overrides: Record<string, unknown> = {}) =>
  post('/v1/collectives', signedBy(by, createFields(overrides)));

const act = (name: string, path: string, by: string, fields: Record<string, unknown>, nonce?: string) =>
  post(`/v1/collectives/${name}/${path}`, signedBy(by, { collective: name, ...fields }, nonce));

/** What a refused request must leave as it was: every collective's record and the spent nonces. */
async function snapshot() {
  const names = (await h.collectives.names({ limit: 100, after: null })).items;
  const records = await Promise.all(names.map(async (n) => (await get(`/v1/collectives/${n}`)).json()));
  return {
    records,
    nonces: h.nonces.count(),
    payeeChanges: h.collectives.payeeChanges(),
    proposals: (await h.proposals.list({}, { limit: 100, after: null })).items,
  };
}

describe('POST /v1/collectives', () => {
  it('creates the collective: 201 with its details, the creator its first contributor and owner', async () => {
    const body = ok(await create(), 201, CollectiveDetailSchema);
    expect(body).toMatchObject({
      name: 'commons',
      description: 'Stake for the commons',
      creator: 'alice',
      status: 'inactive',
      bondedValue: '500',
      minimum: '1000',
      depositWhitelist: { any: false, roles: [], accounts: ['carol', 'erin'] },
      ownersWhitelist: { roles: [], accounts: ['bob'] },
      spendingPools: [
        { name: 'garden', share: '0.6' },
        { name: 'orchard', share: '0.4' },
      ],
      // The defaults of DESIGN §2.
      claimStart: T0,
      claimPeriod: 86_400,
      claimEnd: 0,
      voteQuorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
      lastDistro: null,
      bondingDeadline: T0 + 86_400,
      account: null,
      accountStatus: 'creating',
      removed: null,
      createdAt: T0,
    });
    expect(body.contributors).toEqual([
      expect.objectContaining({ address: 'alice', status: 'counting', bonds: [{ denom: 'KSM', amount: ksm(50) }] }),
    ]);
    expect(h.collectives.payeeChanges('commons')).toMatchObject([{ stash: 'alice', kind: 'set', payee: null }]);
    expect(ok(await get('/v1/collectives/commons'), 200, CollectiveDetailSchema)).toEqual(body);
  });

  it('takes the optional schedule and vote settings', async () => {
    const body = ok(
      await create('alice', {
        claimStart: T0 + 3600,
        claimPeriod: 14_400,
        claimEnd: T0 + 30 * 86_400,
        voteQuorum: '0.75',
        votePeriod: 1200,
        voteEnactment: 60,
      }),
      201,
      CollectiveDetailSchema,
    );
    expect(body).toMatchObject({
      claimStart: T0 + 3600,
      claimPeriod: 14_400,
      claimEnd: T0 + 30 * 86_400,
      voteQuorum: '0.75',
      votePeriod: 1200,
      voteEnactment: 60,
    });
  });

  describe('refusals write nothing', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      ok(await create(), 201, CollectiveDetailSchema);
      before = await snapshot();
    });
    afterEach(async () => {
      expect(await snapshot()).toEqual(before);
    });

    it('409 NAME_TAKEN for a name in use', async () => {
      fails(await create('bob'), 409, 'NAME_TAKEN');
    });

    it('422 BOND_BELOW_MINIMUM when the creator commits less than 10% of the minimum', async () => {
      fails(
        await create('bob', { name: 'meagre', bonds: [{ denom: 'KSM', amount: ksm(9) }] }),
        422,
        'BOND_BELOW_MINIMUM',
      );
    });

    it('422 TOKEN_NOT_STAKING for a bond in an asset', async () => {
      const error = fails(
        await create('bob', { name: 'tethered', bonds: [{ denom: 'USDT', amount: '100000000' }] }),
        422,
        'TOKEN_NOT_STAKING',
      );
      expect(error.details).toMatchObject({ denom: 'USDT' });
    });

    it('400 NAME_INVALID for a name outside the rule', async () => {
      fails(await create('bob', { name: '1st' }), 400, 'NAME_INVALID');
    });

    it('400 naming the field for a payload field of the wrong JSON type or unknown', async () => {
      const error = fails(
        await create('bob', { name: 'other', claimPeriod: 'daily' }),
        400,
        'INVALID_PAYLOAD_CLAIM_PERIOD',
      );
      expect(error.details).toMatchObject({ field: '/payload/claimPeriod' });
      fails(await create('bob', { name: 'other', colour: 'green' }), 400, 'INVALID_PAYLOAD_COLOUR');
    });

    it('401 NONCE_REPLAYED for a replayed request', async () => {
      const body = signedBy('bob', createFields({ name: 'other' }), 'nonce-replayed-000001');
      const first = await post('/v1/collectives', body);
      expect(first.statusCode).toBe(201);
      before = await snapshot();
      fails(
        await post('/v1/collectives', { ...body, payload: { ...(body.payload as object), name: 'third' } }),
        401,
        'NONCE_REPLAYED',
      );
    });
  });
});

describe('GET /v1/collectives', () => {
  it('lists every name in name order, a page at a time, with the next page in Link', async () => {
    for (const [by, name] of [
      ['carol', 'zephyr'],
      ['alice', 'commons'],
      ['bob', 'meadowlark'],
    ] as const)
      ok(await create(by, { name }), 201, CollectiveDetailSchema);
    const first = await get('/v1/collectives?limit=2');
    const page = ok(first, 200, CollectiveNamesSchema);
    expect(page.names).toEqual(['commons', 'meadowlark']);
    expect(first.headers.link).toBe(`</v1/collectives?limit=2&cursor=${page.nextCursor}>; rel="next"`);
    expect(ok(await get(`/v1/collectives?limit=2&cursor=${page.nextCursor}`), 200, CollectiveNamesSchema)).toEqual({
      names: ['zephyr'],
      nextCursor: null,
    });
  });

  it('answers an empty list when there is none', async () => {
    expect(ok(await get('/v1/collectives'), 200, CollectiveNamesSchema)).toEqual({ names: [], nextCursor: null });
  });
});

describe('GET /v1/collectives/{name}', () => {
  it('404 COLLECTIVE_NOT_FOUND for a name no collective has', async () => {
    fails(await get('/v1/collectives/nothing'), 404, 'COLLECTIVE_NOT_FOUND');
  });

  it('pages the distributions, with the next page in Link', async () => {
    ok(await create(), 201, CollectiveDetailSchema);
    for (const at of [T0 + 10, T0 + 20])
      await h.collectives.withCollective('commons', (u) => u.recordDistribution({ kind: 'claim', at, amounts: [] }));
    const first = await get('/v1/collectives/commons?limit=1');
    const body = ok(first, 200, CollectiveDetailSchema);
    expect(body.distributions.map((d: any) => d.at)).toEqual([T0 + 20]);
    expect(body.lastDistro).toBe(T0 + 20);
    expect(first.headers.link).toBe(
      `</v1/collectives/commons?limit=1&cursor=${body.nextDistributionsCursor}>; rel="next"`,
    );
    const next = ok(
      await get(`/v1/collectives/commons?limit=1&cursor=${body.nextDistributionsCursor}`),
      200,
      CollectiveDetailSchema,
    );
    expect(next.distributions.map((d: any) => d.at)).toEqual([T0 + 10]);
    expect(next.nextDistributionsCursor).toBeNull();
  });

  it('shows a rate change at once in the status', async () => {
    ok(await create(), 201, CollectiveDetailSchema);
    ok(
      await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(60) }] }),
      201,
      ContributionResponseSchema,
    );
    expect(ok(await get('/v1/collectives/commons'), 200, CollectiveDetailSchema)).toMatchObject({
      status: 'active',
      bondedValue: '1100',
    });
    h.registries.rate('KSM', '5');
    expect(ok(await get('/v1/collectives/commons'), 200, CollectiveDetailSchema)).toMatchObject({
      status: 'inactive',
      bondedValue: '550',
    });
  });
});

describe('POST /v1/collectives/{name}/contributions', () => {
  beforeEach(async () => {
    ok(await create(), 201, CollectiveDetailSchema);
  });

  it('201 with the contribution: a whitelisted account commits stake, the collective becomes active', async () => {
    const body = ok(
      await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(60) }] }),
      201,
      ContributionResponseSchema,
    );
    expect(body).toEqual({
      collective: 'commons',
      address: 'carol',
      status: 'counting',
      bonds: [{ denom: 'KSM', amount: ksm(60) }],
      locking: 0,
      donation: '0',
      donationLock: false,
      joinedAt: T0,
      endedReason: null,
      endedAt: null,
    });
    const details = ok(await get('/v1/collectives/commons'), 200, CollectiveDetailSchema);
    expect(details).toMatchObject({ status: 'active', bondedValue: '1100' });
    expect(details.contributors.map((c: any) => c.address)).toEqual(['alice', 'carol']);
  });

  it('adds to the bonds of a stash that already counts', async () => {
    await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(5) }] });
    const body = ok(
      await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(7) }] }),
      201,
      ContributionResponseSchema,
    );
    expect(body.bonds).toEqual([{ denom: 'KSM', amount: ksm(12) }]);
  });

  describe('refusals write nothing', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      before = await snapshot();
    });
    afterEach(async () => {
      expect(await snapshot()).toEqual(before);
    });

    it('403 NOT_WHITELISTED for an account the deposit whitelist does not name', async () => {
      fails(
        await act('commons', 'contributions', 'dave', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }),
        403,
        'NOT_WHITELISTED',
      );
    });

    it('400 RESOURCE_MISMATCH for a payload naming another collective', async () => {
      const body = signedBy('carol', { collective: 'elsewhere', bonds: [{ denom: 'KSM', amount: ksm(1) }] });
      fails(await post('/v1/collectives/commons/contributions', body), 400, 'RESOURCE_MISMATCH');
    });

    it('404 COLLECTIVE_NOT_FOUND for a collective that does not exist', async () => {
      fails(
        await act('nowhere', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }),
        404,
        'COLLECTIVE_NOT_FOUND',
      );
    });

    it('422 TOKEN_NOT_STAKING for an asset', async () => {
      fails(
        await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'USDT', amount: '5' }] }),
        422,
        'TOKEN_NOT_STAKING',
      );
    });

    it('422 DELEGATION_NOT_ACTIVE for a stash that is not an active NDeST delegation', async () => {
      h.delegations.statuses.set('carol', 'opted_out');
      fails(
        await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }),
        422,
        'DELEGATION_NOT_ACTIVE',
      );
    });

    it('422 BOND_NOT_COVERED when the stash’s active bond does not cover the commitment', async () => {
      h.stakes.set('carol', { active: BigInt(ksm(1)) });
      const error = fails(
        await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(2) }] }),
        422,
        'BOND_NOT_COVERED',
      );
      expect(error.details).toEqual({ active: ksm(1), committed: ksm(2) });
    });

    it('409 STASH_COMMITTED for a stash that counts in another collective', async () => {
      ok(await create('erin', { name: 'other' }), 201, CollectiveDetailSchema);
      before = await snapshot();
      fails(
        await act('commons', 'contributions', 'erin', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }),
        409,
        'STASH_COMMITTED',
      );
    });

    it('409 COLLECTIVE_PAUSED while the owners paused it', async () => {
      await h.collectives.withCollective('commons', (u) => u.setPaused(true));
      before = await snapshot();
      fails(
        await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }),
        409,
        'COLLECTIVE_PAUSED',
      );
    });
  });
});

describe('POST /v1/collectives/{name}/donation', () => {
  const year = 365 * 86_400;
  beforeEach(async () => {
    ok(await create(), 201, CollectiveDetailSchema);
  });

  it('200 with the contribution’s new lock and donation terms', async () => {
    const body = ok(
      await act('commons', 'donation', 'alice', { locking: T0 + year, donation: '0.1', donationLock: true }),
      200,
      ContributionResponseSchema,
    );
    expect(body).toMatchObject({
      collective: 'commons',
      address: 'alice',
      locking: T0 + year,
      donation: '0.1',
      donationLock: true,
    });
    const details = ok(await get('/v1/collectives/commons'), 200, CollectiveDetailSchema);
    expect(details.contributors[0]).toMatchObject({ locking: T0 + year, donation: '0.1', donationLock: true });
  });

  it('refuses a shortening (409 LOCK_SHORTENED), a lock too far (422 LOCK_TOO_FAR) and a non-contributor (422 NOT_CONTRIBUTOR), writing nothing', async () => {
    ok(
      await act('commons', 'donation', 'alice', { locking: T0 + year, donation: '0', donationLock: false }),
      200,
      ContributionResponseSchema,
    );
    const before = await snapshot();
    fails(
      await act('commons', 'donation', 'alice', { locking: T0 + year - 1, donation: '0', donationLock: false }),
      409,
      'LOCK_SHORTENED',
    );
    fails(
      await act('commons', 'donation', 'alice', { locking: T0 + 2 * year + 1, donation: '0', donationLock: false }),
      422,
      'LOCK_TOO_FAR',
    );
    fails(
      await act('commons', 'donation', 'bob', { locking: 0, donation: '0.5', donationLock: false }),
      422,
      'NOT_CONTRIBUTOR',
    );
    fails(await act('commons', 'donation', 'alice', { donation: '1.5' }), 400, 'DONATION_INVALID');
    expect(await snapshot()).toEqual(before);
  });
});

describe('POST /v1/collectives/{name}/withdrawal', () => {
  beforeEach(async () => {
    ok(await create(), 201, CollectiveDetailSchema);
  });

  it('200 with the contribution: part of it, then all of it (released)', async () => {
    ok(
      await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(10) }] }),
      201,
      ContributionResponseSchema,
    );
    const part = ok(
      await act('commons', 'withdrawal', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(4) }] }),
      200,
      ContributionResponseSchema,
    );
    expect(part).toMatchObject({ status: 'counting', bonds: [{ denom: 'KSM', amount: ksm(6) }] });
    h.clock.advance(60);
    const all = ok(await act('commons', 'withdrawal', 'carol', {}), 200, ContributionResponseSchema);
    expect(all).toMatchObject({
      collective: 'commons',
      address: 'carol',
      status: 'released',
      bonds: [],
      endedReason: 'withdrawn by the contributor',
      endedAt: T0 + 60,
    });
  });

  it('409 LOCKED while the contribution is locked, writing nothing', async () => {
    ok(
      await act('commons', 'donation', 'alice', { locking: T0 + 3600, donation: '0', donationLock: false }),
      200,
      ContributionResponseSchema,
    );
    const before = await snapshot();
    const error = fails(await act('commons', 'withdrawal', 'alice', {}), 409, 'LOCKED');
    expect(error.details).toEqual({ locking: T0 + 3600 });
    expect(await snapshot()).toEqual(before);
  });

  it('409 WITHDRAWAL_BELOW_MINIMUM with the removal proposal raised instead (details.proposalId); the bonds stay', async () => {
    ok(
      await act('commons', 'contributions', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(60) }] }),
      201,
      ContributionResponseSchema,
    );
    const error = fails(
      await act('commons', 'withdrawal', 'carol', { bonds: [{ denom: 'KSM', amount: ksm(20) }] }),
      409,
      'WITHDRAWAL_BELOW_MINIMUM',
    );
    expect(error.details).toEqual({ proposalId: expect.any(String) });
    const listed = ok(await get('/v1/proposals?collective=commons'), 200, ProposalListSchema);
    expect(listed.proposals).toMatchObject([
      { id: error.details.proposalId, scope: 'collective', subject: 'commons', kind: 'remove' },
    ]);
    const details = ok(await get('/v1/collectives/commons'), 200, CollectiveDetailSchema);
    expect(details.contributors[1]).toMatchObject({
      address: 'carol',
      status: 'counting',
      bonds: [{ denom: 'KSM', amount: ksm(60) }],
    });
  });
});

describe('POST /v1/collectives/{name}/proposals', () => {
  beforeEach(async () => {
    ok(await create(), 201, CollectiveDetailSchema);
  });

  const proposeAs = (by: string, proposal: Record<string, unknown>, name = 'commons') =>
    act(name, 'proposals', by, { proposal });

  it('201 with the proposal of an owner, listed under /v1/proposals?collective= and open to owners’ votes', async () => {
    const created = ok(
      await proposeAs('bob', { kind: 'update', changes: { description: 'Greener' } }),
      201,
      ProposalCreated,
    );
    expect(created.proposal).toMatchObject({
      scope: 'collective',
      subject: 'commons',
      kind: 'update',
      proposer: 'bob',
      status: 'voting',
      quorum: '0.51',
      votePeriod: 600,
      voteEnactment: 300,
      createdAt: T0,
      votingEndsAt: T0 + 600,
    });
    const listed = ok(await get('/v1/proposals?collective=commons'), 200, ProposalListSchema);
    expect(listed.proposals.map((p: any) => p.id)).toEqual([created.proposal.id]);
    const id = created.proposal.id as string;
    const vote = await post(`/v1/proposals/${id}/votes`, signedBy('alice', { proposal: id, vote: 'yes' }));
    expect(vote.statusCode, vote.body).toBe(201);
    expect(vote.json().proposal.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
  });

  it('takes send-donation and remove proposals', async () => {
    const donation = ok(
      await proposeAs('alice', { kind: 'send-donation', transfers: [{ address: 'erin', denom: 'KSM', amount: '5' }] }),
      201,
      ProposalCreated,
    );
    expect(donation.proposal.kind).toBe('send-donation');
    const remove = ok(await proposeAs('bob', { kind: 'remove' }), 201, ProposalCreated);
    expect(remove.proposal.body).toEqual({ kind: 'remove' });
  });

  describe('refusals write nothing', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      before = await snapshot();
    });
    afterEach(async () => {
      expect(await snapshot()).toEqual(before);
    });

    it('403 NOT_OWNER for a contributor who does not own it', async () => {
      fails(await proposeAs('carol', { kind: 'remove' }), 403, 'NOT_OWNER');
    });

    it('400 RESOURCE_MISMATCH for a payload naming another collective', async () => {
      const body = signedBy('bob', { collective: 'elsewhere', proposal: { kind: 'remove' } });
      fails(await post('/v1/collectives/commons/proposals', body), 400, 'RESOURCE_MISMATCH');
    });

    it('404 COLLECTIVE_NOT_FOUND for a collective that does not exist', async () => {
      fails(await proposeAs('bob', { kind: 'remove' }, 'nowhere'), 404, 'COLLECTIVE_NOT_FOUND');
    });

    it('400 PROPOSAL_INVALID for a kind collectives do not have', async () => {
      fails(await proposeAs('bob', { kind: 'distribute' }), 400, 'PROPOSAL_INVALID');
    });

    it('400 for a proposal that is not an object', async () => {
      const response = await act('commons', 'proposals', 'bob', { proposal: 'remove' });
      expect(response.statusCode).toBe(400);
    });
  });
});

describe('GET /v1/accounts/{address}/collectives', () => {
  beforeEach(async () => {
    ok(await create(), 201, CollectiveDetailSchema);
    h.registries.role('stewards', 'frank');
    ok(
      await create('dave', {
        name: 'stewarded',
        depositWhitelist: { any: false, roles: [], accounts: [] },
        ownersWhitelist: { roles: ['stewards'], accounts: [] },
      }),
      201,
      CollectiveDetailSchema,
    );
  });

  it.each([
    ['alice', ['commons'], 'the creator'],
    ['bob', ['commons'], 'a listed owner'],
    ['carol', ['commons'], 'an account the deposit whitelist names'],
    ['frank', ['stewarded'], 'a member of an owner role'],
    ['dave', ['stewarded'], 'another creator'],
    ['mallory', [], 'a stranger'],
  ])('%s: %j (%s)', async (address, names) => {
    const body = ok(await get(`/v1/accounts/${address}/collectives`), 200, AccountCollectivesSchema);
    expect(body).toEqual({ address, collectives: names });
  });

  it('names a collective the account contributed to, after it withdrew', async () => {
    ok(
      await create('erin', { name: 'open', depositWhitelist: { any: true, roles: [], accounts: [] } }),
      201,
      CollectiveDetailSchema,
    );
    ok(
      await act('open', 'contributions', 'mallory', { bonds: [{ denom: 'KSM', amount: ksm(1) }] }),
      201,
      ContributionResponseSchema,
    );
    ok(await act('open', 'withdrawal', 'mallory', {}), 200, ContributionResponseSchema);
    expect(ok(await get('/v1/accounts/mallory/collectives'), 200, AccountCollectivesSchema).collectives).toEqual([
      'open',
    ]);
  });

  it('400 ADDRESS_INVALID for an address not of this network', async () => {
    fails(await get('/v1/accounts/nobody-here/collectives'), 400, 'ADDRESS_INVALID');
  });

  it('serves only the routes of the deps it was given (no pools here)', async () => {
    fails(await get('/v1/accounts/alice/spending-pools'), 404, 'ROUTE_NOT_FOUND');
  });
});

describe('OpenAPI', () => {
  it('documents every collectives route from its schemas', async () => {
    const document = (await get('/openapi.json')).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/collectives',
        '/v1/collectives/{name}',
        '/v1/collectives/{name}/contributions',
        '/v1/collectives/{name}/donation',
        '/v1/collectives/{name}/withdrawal',
        '/v1/collectives/{name}/proposals',
        '/v1/accounts/{address}/collectives',
      ]),
    );
    expect(Object.keys(document.paths['/v1/collectives'])).toEqual(expect.arrayContaining(['get', 'post']));
    const create = document.paths['/v1/collectives'].post;
    expect(create.tags).toEqual(['collectives']);
    const payload = create.requestBody.content['application/json'].schema.properties.payload;
    expect(Object.keys(payload.properties)).toEqual(
      expect.arrayContaining([
        'name',
        'bonds',
        'depositWhitelist',
        'ownersWhitelist',
        'spendingPools',
        'claimStart',
        'claimPeriod',
        'claimEnd',
        'voteQuorum',
        'votePeriod',
        'voteEnactment',
      ]),
    );
    const details = document.paths['/v1/collectives/{name}'].get.responses['200'].content['application/json'].schema;
    expect(details.required).toEqual(
      expect.arrayContaining(['status', 'lastDistro', 'contributors', 'donations', 'rewards', 'breaches', 'account']),
    );
    // The error model, for the 409 WITHDRAWAL_BELOW_MINIMUM and every other refusal.
    expect(document.paths['/v1/collectives/{name}/withdrawal'].post.responses['4XX']).toBeDefined();
  });
});
