import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError, unavailable } from '../../../src/domain/errors.js';
import { closeAndEnact } from '../../../src/domain/governance/close-and-enact.use-case.js';
import { propose } from '../../../src/domain/governance/propose.use-case.js';
import { vote } from '../../../src/domain/governance/vote.use-case.js';
import type { AuthorizedRequest } from '../../../src/domain/wallet/authorize.js';
import type { WalletAction } from '../../../src/domain/wallet/signed-request.js';
import { inMemoryGovernance, type InMemoryGovernance } from '../../support/in-memory-governance.js';

let nonceSeq = 0;
function request(action: WalletAction, address: string, fields: Record<string, unknown>): AuthorizedRequest {
  const nonce = `nonce-${String(++nonceSeq).padStart(12, '0')}`;
  return {
    action,
    address,
    nonce,
    expiresAt: new Date('2030-01-01T00:05:00Z'),
    payload: { ...fields, address, nonce, expiresAt: '2030-01-01T00:05:00Z' },
    nonceUse: { address, nonce, action },
  };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

let g: InMemoryGovernance;
beforeEach(() => {
  g = inMemoryGovernance();
  g.pools.add(
    'garden',
    { creator: 'carol', accounts: ['alice', 'bob'], roles: ['council'] },
    { quorum: '0.5', votePeriod: 60, voteEnactment: 30 },
  );
  g.roles.add('council', 'dave', 'bob');
});

const proposeAs = (address: string, proposal: unknown = { kind: 'noop' }, subject = 'garden', named = subject) =>
  propose(g.deps, {
    scope: 'pool',
    subject,
    request: request('pool.propose', address, { pool: named, proposal }),
    proposal,
  });

const voteAs = (address: string, id: string, choice: unknown = 'yes', named: unknown = id) =>
  vote(g.deps, { id, request: request('proposal.vote', address, { proposal: named, vote: choice }) });

describe('propose', () => {
  it('stores a voting proposal with the subject settings, normalised body and whole-second times', async () => {
    g.clock.set(new Date('2030-01-01T00:00:00.750Z'));
    const p = await proposeAs('carol', { kind: 'update', changes: {} });
    expect(p).toMatchObject({
      scope: 'pool',
      subject: 'garden',
      kind: 'update',
      body: { kind: 'update', changes: {}, normalized: true },
      proposer: 'carol',
      status: 'voting',
      quorum: '0.5',
      votePeriod: 60,
      voteEnactment: 30,
      createdAt: new Date('2030-01-01T00:00:00Z'),
      votingEndsAt: new Date('2030-01-01T00:01:00Z'),
    });
    // Proposing is not voting.
    expect(await g.proposals.votes(p.id)).toEqual([]);
    expect(g.proposals.nonces.count()).toBe(1);
  });

  it('lets listed accounts, role members and the unlisted creator propose', async () => {
    for (const owner of ['alice', 'dave', 'carol']) expect(await codeOf(proposeAs(owner))).toBe('ok');
  });

  it.each([
    [
      'a payload naming another pool',
      () => proposeAs('alice', { kind: 'noop' }, 'garden', 'orchard'),
      'RESOURCE_MISMATCH',
    ],
    ['a proposal without kind', () => proposeAs('alice', { changes: {} }), 'PROPOSAL_INVALID'],
    ['a proposal that is not an object', () => proposeAs('alice', ['noop']), 'PROPOSAL_INVALID'],
    ['an unknown pool', () => proposeAs('alice', { kind: 'noop' }, 'orchard'), 'POOL_NOT_FOUND'],
    ['a non-owner', () => proposeAs('mallory'), 'NOT_OWNER'],
    ['a body the subject refuses', () => proposeAs('alice', { kind: 'forbidden' }), 'PROPOSAL_REFUSED'],
    ['an unknown kind', () => proposeAs('alice', { kind: 'explode' }), 'PROPOSAL_KIND_INVALID'],
  ])('refuses %s, writing nothing', async (_name, attempt, code) => {
    expect(await codeOf(attempt())).toBe(code);
    expect((await g.proposals.list({}, { limit: 10, after: null })).items).toEqual([]);
    expect(g.proposals.nonces.count()).toBe(0);
  });

  it('refuses a replayed nonce', async () => {
    const req = request('pool.propose', 'alice', { pool: 'garden', proposal: { kind: 'noop' } });
    const input = { scope: 'pool' as const, subject: 'garden', request: req, proposal: { kind: 'noop' } };
    await propose(g.deps, input);
    expect(await codeOf(propose(g.deps, input))).toBe('NONCE_REPLAYED');
    expect((await g.proposals.list({}, { limit: 10, after: null })).items).toHaveLength(1);
  });
});

describe('vote', () => {
  it('records a vote; a second vote of the same owner replaces the first', async () => {
    const p = await proposeAs('alice');
    await voteAs('bob', p.id, 'yes');
    g.clock.advance(5);
    const result = await voteAs('bob', p.id, 'no');
    expect(result.votes).toEqual([{ voter: 'bob', vote: 'no', votedAt: g.clock.now() }]);
    expect(result.vote.vote).toBe('no');
  });

  it.each([
    ['a payload naming another proposal', async (id: string) => voteAs('alice', id, 'yes', '999'), 'RESOURCE_MISMATCH'],
    [
      'a numeric proposal id in the payload',
      async (id: string) => voteAs('alice', id, 'yes', Number(id)),
      'RESOURCE_MISMATCH',
    ],
    ['a vote that is not yes, no or abstain', async (id: string) => voteAs('alice', id, 'maybe'), 'VOTE_INVALID'],
    ['an unknown proposal', async () => voteAs('alice', '999'), 'PROPOSAL_NOT_FOUND'],
    ['a non-owner', async (id: string) => voteAs('mallory', id), 'NOT_OWNER'],
    [
      'a vote at the end of the period',
      async (id: string) => {
        g.clock.advance(60);
        return voteAs('alice', id);
      },
      'VOTING_CLOSED',
    ],
  ])('refuses %s, writing nothing', async (_name, attempt, code) => {
    const p = await proposeAs('alice');
    const spent = g.proposals.nonces.count();
    expect(await codeOf(attempt(p.id))).toBe(code);
    expect(await g.proposals.votes(p.id)).toEqual([]);
    expect(g.proposals.nonces.count()).toBe(spent);
  });

  it('refuses a vote on a closed proposal even within its period', async () => {
    const p = await proposeAs('alice');
    g.proposals.patch(p.id, { status: 'rejected' });
    expect(await codeOf(voteAs('alice', p.id))).toBe('VOTING_CLOSED');
  });

  it('refuses an owner removed since the proposal was made', async () => {
    const p = await proposeAs('dave');
    g.roles.remove('council', 'dave');
    expect(await codeOf(voteAs('dave', p.id))).toBe('NOT_OWNER');
  });
});

describe('closeAndEnact', () => {
  it('leaves a vote open before its end, then passes it with the tally and the eligible voters', async () => {
    const p = await proposeAs('alice');
    await voteAs('alice', p.id, 'yes');
    await voteAs('dave', p.id, 'yes');
    await voteAs('bob', p.id, 'no');
    g.clock.advance(59);
    expect((await closeAndEnact(g.deps, g.clock.now())).closed).toEqual([]);
    g.clock.advance(1);
    const report = await closeAndEnact(g.deps, g.clock.now());
    expect(report.closed).toEqual([{ id: p.id, status: 'passed' }]);
    expect(await g.proposals.get(p.id)).toMatchObject({
      status: 'passed',
      eligible: ['alice', 'bob', 'carol', 'dave'],
      tally: { yes: 2, no: 1, abstain: 0 },
      decidedAt: g.clock.now(),
      enactAt: new Date(p.votingEndsAt.getTime() + 30_000),
    });
    expect(g.pools.enactCalls).toBe(0);
  });

  it('rejects without quorum and never enacts', async () => {
    const p = await proposeAs('alice');
    await voteAs('alice', p.id, 'yes');
    g.clock.advance(1000);
    const report = await closeAndEnact(g.deps, g.clock.now());
    expect(report.closed).toEqual([{ id: p.id, status: 'rejected' }]);
    expect((await g.proposals.get(p.id))!.reason).toMatch(/quorum 0.5 not met/);
    expect(g.pools.enactCalls).toBe(0);
  });

  it('counts the owners at the close: a voter removed meanwhile does not count, one added does', async () => {
    const p = await proposeAs('alice');
    await voteAs('alice', p.id, 'yes');
    await voteAs('dave', p.id, 'no');
    await voteAs('bob', p.id, 'no');
    g.roles.remove('council', 'dave');
    g.roles.remove('council', 'bob');
    g.pools.subjects.get('garden')!.owners.accounts = ['alice'];
    g.clock.advance(60);
    await closeAndEnact(g.deps, g.clock.now());
    expect(await g.proposals.get(p.id)).toMatchObject({
      status: 'passed',
      eligible: ['alice', 'carol'],
      tally: { yes: 1, no: 0, abstain: 0 },
    });
  });

  it('rejects the proposal of a subject that no longer exists', async () => {
    const p = await proposeAs('alice');
    g.pools.subjects.delete('garden');
    g.clock.advance(60);
    await closeAndEnact(g.deps, g.clock.now());
    expect((await g.proposals.get(p.id))!.reason).toBe('rejected: the pool garden no longer exists');
  });

  async function passed() {
    const p = await proposeAs('alice');
    for (const owner of ['alice', 'bob', 'carol']) await voteAs(owner, p.id, 'yes');
    g.clock.advance(60);
    await closeAndEnact(g.deps, g.clock.now());
    return p;
  }

  it('enacts only once the enactment delay has run, once', async () => {
    const p = await passed();
    g.clock.advance(29);
    expect((await closeAndEnact(g.deps, g.clock.now())).enacted).toEqual([]);
    g.clock.advance(1);
    expect((await closeAndEnact(g.deps, g.clock.now())).enacted).toEqual([p.id]);
    expect(await g.proposals.get(p.id)).toMatchObject({
      status: 'enacted',
      reason: 'did noop',
      enactedAt: g.clock.now(),
    });
    expect((await closeAndEnact(g.deps, g.clock.now())).enacted).toEqual([]);
    expect(g.pools.enacted).toEqual([p.id]);
  });

  it('enacts at once when the worker closes the vote after enactAt', async () => {
    const p = await proposeAs('alice');
    for (const owner of ['alice', 'bob']) await voteAs(owner, p.id, 'yes');
    g.clock.advance(1000);
    const report = await closeAndEnact(g.deps, g.clock.now());
    expect(report.closed).toEqual([{ id: p.id, status: 'passed' }]);
    expect(report.enacted).toEqual([p.id]);
  });

  it('fails a proposal the rules refuse at enactment, with the refusal as reason', async () => {
    const p = await passed();
    g.pools.enactWith = async () => {
      throw new DomainError('rule', 'BALANCE_TOO_LOW', 'the pool holds too little to pay this now');
    };
    g.clock.advance(30);
    const report = await closeAndEnact(g.deps, g.clock.now());
    expect(report.failed).toEqual([{ id: p.id, reason: 'the pool holds too little to pay this now' }]);
    expect(await g.proposals.get(p.id)).toMatchObject({
      status: 'failed',
      reason: 'the pool holds too little to pay this now',
    });
  });

  it('keeps a proposal passed on a transient failure, and enacts it on a later tick', async () => {
    const p = await passed();
    const enactNormally = g.pools.enactWith;
    g.pools.enactWith = async () => {
      throw unavailable('CHAIN_UNAVAILABLE', 'no chain endpoint answers');
    };
    g.clock.advance(30);
    expect((await closeAndEnact(g.deps, g.clock.now())).deferred).toEqual([
      { id: p.id, error: 'no chain endpoint answers' },
    ]);
    g.pools.enactWith = async () => {
      throw new Error('connection reset');
    };
    expect((await closeAndEnact(g.deps, g.clock.now())).deferred).toHaveLength(1);
    expect((await g.proposals.get(p.id))!.status).toBe('passed');
    g.pools.enactWith = enactNormally;
    expect((await closeAndEnact(g.deps, g.clock.now())).enacted).toEqual([p.id]);
    expect(g.pools.enacted).toEqual([p.id]);
  });

  it('enacts once when two ticks run at once', async () => {
    const p = await passed();
    g.clock.advance(30);
    const reports = await Promise.all([closeAndEnact(g.deps, g.clock.now()), closeAndEnact(g.deps, g.clock.now())]);
    expect(reports.flatMap((r) => r.enacted)).toEqual([p.id]);
    expect(g.pools.enactCalls).toBe(1);
    expect(g.pools.enacted).toEqual([p.id]);
  });
});
