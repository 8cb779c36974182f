import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { proposalsRoutes } from '../../../src/api/routes/proposals.routes.js';
import { propose } from '../../../src/domain/governance/propose.use-case.js';
import type { Proposal } from '../../../src/domain/governance/types.js';
import { createAuthorize } from '../../../src/domain/wallet/authorize.js';
import { inMemoryGovernance, type InMemoryGovernance } from '../../support/in-memory-governance.js';
import { signedEnvelope } from '../../support/wallet.js';
import { KUSAMA_PREFIX, walletCodec, walletVerifier } from '../../support/wallet-crypto.js';
import { testApp, type TestApp } from './test-app.js';

const GENESIS = `0x${'42'.repeat(32)}`;
// Signed requests are checked against the wall clock; the vote's period against the governance clock.
const authorize = createAuthorize({
  genesisHash: () => GENESIS,
  codec: walletCodec(),
  verifier: walletVerifier(),
  clock: { now: () => new Date() },
});

let alice: KeyringPair;
let bob: KeyringPair;
let mallory: KeyringPair;
beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: KUSAMA_PREFIX });
  [alice, bob, mallory] = ['//Alice', '//Bob', '//Mallory'].map((uri) => keyring.addFromUri(uri)) as [
    KeyringPair,
    KeyringPair,
    KeyringPair,
  ];
});

let g: InMemoryGovernance;
let t: TestApp;
let proposal: Proposal;
beforeEach(async () => {
  g = inMemoryGovernance();
  g.clock.set(new Date());
  g.pools.add('garden', { creator: alice.address, accounts: [bob.address] }, { votePeriod: 600, voteEnactment: 60 });
  t = await testApp({
    routes: [
      { plugin: proposalsRoutes, prefix: '/v1/proposals', options: { deps: { governance: g.deps, authorize } } },
    ],
  });
  proposal = await proposeAs(alice);
});
afterEach(() => t.app.close());

async function proposeAs(pair: KeyringPair, subject = 'garden') {
  const fields = { pool: subject, proposal: { kind: 'noop' } };
  const request = authorize('pool.propose', signedEnvelope(pair, 'pool.propose', GENESIS, fields));
  return propose(g.deps, { scope: 'pool', subject, request, proposal: fields.proposal });
}

const postVote = (id: string, body: object) =>
  t.app.inject({ method: 'POST', url: `/v1/proposals/${id}/votes`, payload: body });
const voteBody = (pair: KeyringPair, fields: Record<string, unknown>, nonce?: string) =>
  signedEnvelope(pair, 'proposal.vote', GENESIS, fields, nonce ? { nonce } : {});

describe('POST /v1/proposals/{id}/votes', () => {
  it('records an owner’s vote and answers the proposal with its tally and votes (unix seconds)', async () => {
    const response = await postVote(proposal.id, voteBody(bob, { proposal: proposal.id, vote: 'yes' }));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.vote).toEqual({ voter: bob.address, vote: 'yes', votedAt: expect.any(Number) });
    expect(body.proposal).toMatchObject({
      id: proposal.id,
      scope: 'pool',
      subject: 'garden',
      status: 'voting',
      tally: { yes: 1, no: 0, abstain: 0 },
      createdAt: Math.floor(proposal.createdAt.getTime() / 1000),
      votingEndsAt: Math.floor(proposal.createdAt.getTime() / 1000) + 600,
      decidedAt: null,
    });
    expect(body.votes).toEqual([body.vote]);
  });

  describe('refusals change nothing', () => {
    let spent: number;
    beforeEach(() => {
      spent = g.proposals.nonces.count();
    });
    afterEach(async () => {
      expect(await g.proposals.votes(proposal.id)).toEqual([]);
      expect(g.proposals.nonces.count()).toBe(spent);
    });

    const expectError = async (response: Awaited<ReturnType<typeof postVote>>, status: number, code: string) => {
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
    };

    it('400 RESOURCE_MISMATCH for a payload naming another proposal', async () => {
      const other = await proposeAs(bob);
      spent = g.proposals.nonces.count();
      await expectError(
        await postVote(proposal.id, voteBody(bob, { proposal: other.id, vote: 'yes' })),
        400,
        'RESOURCE_MISMATCH',
      );
      expect(await g.proposals.votes(other.id)).toEqual([]);
    });

    it('400 VOTE_INVALID for a vote that is not yes, no or abstain', async () => {
      await expectError(
        await postVote(proposal.id, voteBody(bob, { proposal: proposal.id, vote: 'maybe' })),
        400,
        'VOTE_INVALID',
      );
    });

    it('403 NOT_OWNER for a signer who owns nothing', async () => {
      await expectError(
        await postVote(proposal.id, voteBody(mallory, { proposal: proposal.id, vote: 'yes' })),
        403,
        'NOT_OWNER',
      );
    });

    it('404 PROPOSAL_NOT_FOUND for an unknown proposal', async () => {
      await expectError(
        await postVote('4242', voteBody(bob, { proposal: '4242', vote: 'yes' })),
        404,
        'PROPOSAL_NOT_FOUND',
      );
    });

    it('409 VOTING_CLOSED once the vote period ended', async () => {
      g.clock.advance(600);
      await expectError(
        await postVote(proposal.id, voteBody(bob, { proposal: proposal.id, vote: 'yes' })),
        409,
        'VOTING_CLOSED',
      );
    });

    it('401 BAD_SIGNATURE for a vote signed as another action', async () => {
      const body = signedEnvelope(bob, 'pool.propose', GENESIS, { proposal: proposal.id, vote: 'yes' });
      await expectError(await postVote(proposal.id, body), 401, 'BAD_SIGNATURE');
    });
  });

  it('401 NONCE_REPLAYED for a replayed request, keeping the vote it made', async () => {
    const body = voteBody(bob, { proposal: proposal.id, vote: 'yes' });
    expect((await postVote(proposal.id, body)).statusCode).toBe(201);
    const spent = g.proposals.nonces.count();
    const replay = await postVote(proposal.id, body);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('NONCE_REPLAYED');
    expect(g.proposals.nonces.count()).toBe(spent);
    expect((await g.proposals.votes(proposal.id)).map((v) => v.vote)).toEqual(['yes']);
  });

  it('lets an owner change their vote with a new request', async () => {
    await postVote(proposal.id, voteBody(bob, { proposal: proposal.id, vote: 'yes' }));
    const response = await postVote(proposal.id, voteBody(bob, { proposal: proposal.id, vote: 'no' }));
    expect(response.json().proposal.tally).toEqual({ yes: 0, no: 1, abstain: 0 });
  });
});

describe('GET /v1/proposals', () => {
  it('lists newest first, by pool, a page at a time, with the next page in Link', async () => {
    const second = await proposeAs(bob);
    const first = await t.app.inject({ url: '/v1/proposals?pool=garden&limit=1' });
    expect(first.statusCode).toBe(200);
    expect(first.json().proposals.map((p: Proposal) => p.id)).toEqual([second.id]);
    const cursor = first.json().nextCursor as string;
    expect(first.headers.link).toBe(`</v1/proposals?pool=garden&limit=1&cursor=${cursor}>; rel="next"`);
    const next = await t.app.inject({ url: `/v1/proposals?pool=garden&limit=1&cursor=${cursor}` });
    expect(next.json()).toMatchObject({ proposals: [{ id: proposal.id }], nextCursor: null });
    expect((await t.app.inject({ url: '/v1/proposals?collective=garden' })).json().proposals).toEqual([]);
    expect((await t.app.inject({ url: '/v1/proposals' })).json().proposals).toHaveLength(2);
  });

  it('refuses both filters at once', async () => {
    const response = await t.app.inject({ url: '/v1/proposals?pool=garden&collective=garden' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('FILTER_INVALID');
  });
});

describe('GET /v1/proposals/{id}', () => {
  it('shows the proposal with its body, settings and votes', async () => {
    await postVote(proposal.id, voteBody(alice, { proposal: proposal.id, vote: 'abstain' }));
    const response = await t.app.inject({ url: `/v1/proposals/${proposal.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      proposal: {
        kind: 'noop',
        body: { kind: 'noop', normalized: true },
        proposer: alice.address,
        quorum: '0.5',
        votePeriod: 600,
        voteEnactment: 60,
        reason: null,
        enactAt: null,
        enactedAt: null,
        eligible: [],
        tally: { yes: 0, no: 0, abstain: 1 },
      },
      votes: [{ voter: alice.address, vote: 'abstain' }],
    });
  });

  it.each(['4242', 'not-an-id'])('answers 404 PROPOSAL_NOT_FOUND for %s', async (id) => {
    const response = await t.app.inject({ url: `/v1/proposals/${id}` });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('PROPOSAL_NOT_FOUND');
  });
});

describe('OpenAPI', () => {
  it('documents the proposal routes from their schemas', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/proposals', '/v1/proposals/{id}', '/v1/proposals/{id}/votes']),
    );
    const shown = document.paths['/v1/proposals/{id}'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(shown)).toContain('"enum":["voting","passed","rejected","enacted","failed"]');
  });
});
