import { beforeEach, describe, expect, it } from 'vitest';
import { contribute, createCollective, withdraw } from '../../../src/domain/collectives/collective-actions.use-case.js';
import { collectiveSubjects } from '../../../src/domain/collectives/collective-governance.js';
import type { RewardBooking } from '../../../src/domain/collectives/types.js';
import { DomainError } from '../../../src/domain/errors.js';
import { closeAndEnact } from '../../../src/domain/governance/close-and-enact.use-case.js';
import type { Transaction } from '../../../src/domain/governance/proposal.repository.js';
import { propose } from '../../../src/domain/governance/propose.use-case.js';
import type { Proposal } from '../../../src/domain/governance/types.js';
import { vote } from '../../../src/domain/governance/vote.use-case.js';
import { collectiveHarness, ksm, type CollectiveHarness } from '../../support/collective-fakes.js';
import { InMemoryTransaction } from '../../support/in-memory-governance.js';
import { signedBy } from '../../support/in-memory-pools.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.kind} ${e.code}` : String(e)),
  );

let h: CollectiveHarness;
let seq = 0;
let blockSeq = 0;

beforeEach(async () => {
  h = collectiveHarness();
  h.registries.role('council', 'erin').role('staff', 'frank');
  h.governance.subjects.register(collectiveSubjects(h.deps));
  h.stakes.set('carol', { payee: { kind: 'Staked' } }).set('alice', { payee: { kind: 'Stash' } });
  await createCollective(
    h.deps,
    signedBy('carol', {
      name: 'alpha',
      bonds: [{ denom: 'KSM', amount: ksm(10) }],
      depositWhitelist: { any: true },
      ownersWhitelist: { roles: ['staff'], accounts: ['dave'] },
      spendingPools: [
        { name: 'garden', share: '0.6' },
        { name: 'orchard', share: '0.4' },
      ],
    }),
  );
  await contribute(
    h.deps,
    'alpha',
    signedBy('alice', { collective: 'alpha', bonds: [{ denom: 'KSM', amount: ksm(90) }] }),
  );
  h.collectives.setAccount('alpha', 'alpha-account', 1n);
});

const subjects = () => collectiveSubjects(h.deps);
const tx = () => new InMemoryTransaction() as unknown as Transaction;
const proposal = (body: Record<string, unknown>): Proposal =>
  ({ id: String(++seq), scope: 'collective', subject: 'alpha', kind: String(body.kind), body }) as Proposal;
/** Validates as when proposed, then enacts as the enactment would, later. */
const enact = async (body: Record<string, unknown>) =>
  subjects().enact('alpha', proposal(await subjects().validate('alpha', body)), tx());
const stored = async () => (await h.collectives.byName('alpha'))!;
const snapshot = async () => {
  const c = await stored();
  return {
    collective: c,
    contributors: await h.collectives.contributors(c.id),
    transfers: h.collectives.allTransfers('alpha'),
    payees: h.collectives.payeeChanges('alpha'),
  };
};

/** A reward booked as the indexer would: amount = returned + donation + forPools. */
async function reward(donation: bigint, forPools: bigint, denom = 'KSM') {
  const booking: RewardBooking = {
    stash: 'alice',
    era: 1,
    denom,
    amount: donation + forPools,
    returned: 0n,
    donation,
    forPools,
    block: { hash: `0xb${++blockSeq}`, number: blockSeq },
    eventKey: '1',
    bookedAt: h.clock.now(),
  };
  await h.collectives.withCollective('alpha', (u) => u.bookReward(booking));
}

const proposeAs = (who: string, body: unknown, name = 'alpha') =>
  propose(h.governance, {
    scope: 'collective',
    subject: name,
    request: h.deps.authorize('collective.propose', signedBy(who, { collective: name, proposal: body })),
    proposal: body,
  });
const voteAs = (who: string, id: string, choice = 'yes') =>
  vote(h.governance, { id, request: h.deps.authorize('proposal.vote', signedBy(who, { proposal: id, vote: choice })) });
/** Past the vote period and the enactment delay, the governance tick. */
const tick = async (seconds = 600 + 300) => {
  h.clock.advance(seconds);
  return closeAndEnact(h.governance, h.clock.now());
};

describe('the collectives governance subject', () => {
  it('names the owners (listed accounts, roles, the creator) and the voting settings', async () => {
    expect(await subjects().owners('alpha')).toEqual({ accounts: ['dave'], roles: ['staff'], creator: 'carol' });
    expect(await subjects().owners('nowhere')).toBeNull();
    expect(await subjects().settings('alpha')).toEqual({ quorum: '0.51', votePeriod: 600, voteEnactment: 300 });
    expect(await failure(subjects().settings('nowhere'))).toBe('not_found COLLECTIVE_NOT_FOUND');
  });

  it('owners propose and vote; others cannot', async () => {
    for (const owner of ['carol', 'dave', 'frank'])
      expect(await failure(proposeAs(owner, { kind: 'update', changes: { description: owner } }))).toBe('ok');
    for (const other of ['alice', 'erin'])
      expect(await failure(proposeAs(other, { kind: 'remove' }))).toBe('forbidden NOT_OWNER');
    expect(await failure(voteAs('alice', '1'))).toBe('forbidden NOT_OWNER');
    expect(await failure(voteAs('frank', '1'))).toBe('ok');
  });

  it('an update passed by the owners is enacted after the delay', async () => {
    const p = await proposeAs('carol', { kind: 'update', changes: { description: 'renewed', claimPeriod: 20_000 } });
    await voteAs('carol', p.id);
    await voteAs('dave', p.id);
    const report = await tick();
    expect(report.enacted).toEqual([p.id]);
    expect(await stored()).toMatchObject({ description: 'renewed', claimPeriod: 20_000 });
    expect((await h.proposals.get(p.id))!.reason).toBe('settings updated: claimPeriod, description');
  });

  it('a proposal without quorum is rejected and changes nothing', async () => {
    const p = await proposeAs('carol', { kind: 'update', changes: { description: 'renewed' } });
    await voteAs('carol', p.id);
    await tick();
    expect((await h.proposals.get(p.id))!.status).toBe('rejected');
    expect((await stored()).description).toBe('');
  });

  it('enacts an update over the settings of the moment: owners, whitelist, pools and shares, schedule, votes', async () => {
    const reason = await enact({
      kind: 'update',
      changes: {
        ownersWhitelist: { accounts: ['bob'] },
        depositWhitelist: { any: false, roles: ['council'] },
        spendingPools: [{ name: 'orchard', share: '1' }],
        claimEnd: h.now() + 1000,
        voteQuorum: '0.75',
        votePeriod: 60,
        voteEnactment: 0,
      },
    });
    expect(reason).toBe(
      'settings updated: claimEnd, depositWhitelist, ownersWhitelist, spendingPools, voteEnactment, votePeriod, voteQuorum',
    );
    expect(await stored()).toMatchObject({
      ownersWhitelist: { roles: [], accounts: ['bob'] },
      depositWhitelist: { any: false, roles: ['council'], accounts: [] },
      spendingPools: [{ name: 'orchard', share: '1' }],
      claimEnd: h.now() + 1000,
      voteQuorum: '0.75',
      votePeriod: 60,
      voteEnactment: 0,
      description: '',
    });
  });

  it('pauses and unpauses: no contributions while paused, withdrawals allowed', async () => {
    expect((await stored()).status).toBe('active');
    expect(await enact({ kind: 'update', changes: { status: 'paused' } })).toBe('settings updated: status');
    expect(await stored()).toMatchObject({ paused: true, status: 'paused' });
    expect(
      await failure(
        contribute(h.deps, 'alpha', signedBy('bob', { collective: 'alpha', bonds: [{ denom: 'KSM', amount: '1' }] })),
      ),
    ).toBe('conflict COLLECTIVE_PAUSED');
    await enact({ kind: 'update', changes: { status: 'active' } });
    expect(await stored()).toMatchObject({ paused: false, status: 'active' });
  });

  it('status active on an under-bonded collective unpauses it to inactive', async () => {
    await enact({ kind: 'update', changes: { status: 'paused' } });
    h.registries.rate('KSM', '1');
    await enact({ kind: 'update', changes: { status: 'active' } });
    expect(await stored()).toMatchObject({ paused: false, status: 'inactive' });
  });

  it('a claimStart moved ahead makes it inactive until then', async () => {
    await enact({ kind: 'update', changes: { claimStart: h.now() + 100 } });
    expect((await stored()).status).toBe('inactive');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no kind', {}, 'validation PROPOSAL_INVALID'],
    ['an unknown kind', { kind: 'distribute' }, 'validation PROPOSAL_INVALID'],
    ['an update without changes', { kind: 'update' }, 'validation PROPOSAL_INVALID'],
    ['an update with empty changes', { kind: 'update', changes: {} }, 'validation PROPOSAL_INVALID'],
    ['the name', { kind: 'update', changes: { name: 'beta' } }, 'rule SETTING_IMMUTABLE'],
    ['the bonds', { kind: 'update', changes: { bonds: [] } }, 'rule SETTING_IMMUTABLE'],
    ['a bad status', { kind: 'update', changes: { status: 'removed' } }, 'validation STATUS_INVALID'],
    ['an unknown setting', { kind: 'update', changes: { colour: 'red' } }, 'validation FIELD_UNKNOWN'],
    [
      'shares not summing to 1',
      { kind: 'update', changes: { spendingPools: [{ name: 'garden', share: '0.5' }] } },
      'validation SHARES_INVALID',
    ],
    [
      'a missing pool',
      { kind: 'update', changes: { spendingPools: [{ name: 'desert', share: '1' }] } },
      'rule POOL_NOT_FOUND',
    ],
    ['a remove with fields', { kind: 'remove', now: true }, 'validation PROPOSAL_INVALID'],
    ['no transfers', { kind: 'send-donation', transfers: [] }, 'validation PROPOSAL_INVALID'],
    [
      '101 transfers',
      { kind: 'send-donation', transfers: Array(101).fill({ address: 'bob', denom: 'KSM', amount: '1' }) },
      'validation PROPOSAL_INVALID',
    ],
    ['a transfer not an object', { kind: 'send-donation', transfers: ['bob'] }, 'validation PROPOSAL_INVALID'],
    [
      'a foreign address',
      { kind: 'send-donation', transfers: [{ address: 'eve', denom: 'KSM', amount: '1' }] },
      'validation ADDRESS_INVALID',
    ],
    [
      'an unknown token',
      { kind: 'send-donation', transfers: [{ address: 'bob', denom: 'DOT', amount: '1' }] },
      'rule TOKEN_UNKNOWN',
    ],
    [
      'a zero amount',
      { kind: 'send-donation', transfers: [{ address: 'bob', denom: 'KSM', amount: '0' }] },
      'validation AMOUNT_INVALID',
    ],
    [
      'a fractional amount',
      { kind: 'send-donation', transfers: [{ address: 'bob', denom: 'KSM', amount: '1.5' }] },
      'validation AMOUNT_INVALID',
    ],
  ])('refuses %s when proposed, storing nothing', async (_, body, expected) => {
    expect(await failure(proposeAs('carol', body))).toBe(expected);
    expect((await h.proposals.list({}, { after: null, limit: 10 })).items).toEqual([]);
  });

  it('re-validates an update at enactment: a role deleted meanwhile fails it, changing nothing', async () => {
    const p = await proposeAs('carol', { kind: 'update', changes: { ownersWhitelist: { roles: ['council'] } } });
    await voteAs('carol', p.id);
    await voteAs('dave', p.id);
    const before = await snapshot();
    h.registries.roles.delete('council');
    const report = await tick();
    expect(report.failed).toEqual([{ id: p.id, reason: 'role council does not exist (an admin creates roles)' }]);
    expect(await snapshot()).toEqual(before);
  });

  describe('send-donation', () => {
    it('owes transfers of the donations held, to any address, marked with the proposal', async () => {
      await reward(1000n, 5000n);
      const body = {
        kind: 'send-donation',
        transfers: [
          { address: 'bob', denom: 'KSM', amount: '600' },
          { address: 'erin', denom: 'KSM', amount: '400' },
        ],
      };
      const normalised = await subjects().validate('alpha', body);
      expect(normalised).toEqual(body);
      const p = proposal(normalised);
      expect(await subjects().enact('alpha', p, tx())).toBe(
        'owed 2 donation transfer(s), paid by the next transfer batch',
      );
      expect(h.collectives.allTransfers('alpha')).toMatchObject([
        {
          kind: 'donation',
          address: 'bob',
          denom: 'KSM',
          amount: 600n,
          status: 'owed',
          proposalId: p.id,
          poolName: null,
        },
        {
          kind: 'donation',
          address: 'erin',
          denom: 'KSM',
          amount: 400n,
          status: 'owed',
          proposalId: p.id,
          poolName: null,
        },
      ]);
    });

    it('is all or nothing against the donations held per token (422 INSUFFICIENT_DONATIONS)', async () => {
      await reward(1000n, 5000n);
      await enact({ kind: 'send-donation', transfers: [{ address: 'bob', denom: 'KSM', amount: '700' }] });
      const before = await snapshot();
      // 300 left: 200 + 200 is too much, though either alone would do; the rewards for the pools are not donations.
      expect(
        await failure(
          enact({
            kind: 'send-donation',
            transfers: [
              { address: 'bob', denom: 'KSM', amount: '200' },
              { address: 'erin', denom: 'KSM', amount: '200' },
            ],
          }),
        ),
      ).toBe('rule INSUFFICIENT_DONATIONS');
      expect(
        await failure(enact({ kind: 'send-donation', transfers: [{ address: 'bob', denom: 'USDT', amount: '1' }] })),
      ).toBe('rule INSUFFICIENT_DONATIONS');
      expect(await snapshot()).toEqual(before);
      expect(
        await failure(enact({ kind: 'send-donation', transfers: [{ address: 'bob', denom: 'KSM', amount: '300' }] })),
      ).toBe('ok');
    });

    it('a failed transfer gives its amount back to the donations held', async () => {
      await reward(1000n, 0n);
      await enact({ kind: 'send-donation', transfers: [{ address: 'bob', denom: 'KSM', amount: '1000' }] });
      h.collectives.setTransferStatus('alpha', 'failed');
      expect(
        await failure(enact({ kind: 'send-donation', transfers: [{ address: 'bob', denom: 'KSM', amount: '1000' }] })),
      ).toBe('ok');
    });
  });

  describe('remove', () => {
    it('releases every contribution, locked or not, restores payees, distributes finally, keeps the record', async () => {
      await reward(100n, 1000n);
      await h.collectives.withCollective('alpha', (u) =>
        u.setTerms('alice', { locking: h.now() + 86_400, donation: '0.1', donationLock: true }),
      );
      const p = await proposeAs('dave', { kind: 'remove' });
      await voteAs('dave', p.id);
      await voteAs('frank', p.id);
      const report = await tick();
      expect(report.enacted).toEqual([p.id]);
      const c = await stored();
      expect(c).toMatchObject({
        status: 'removed',
        removedReason: `removed by proposal ${p.id}`,
        removedAt: h.clock.now(),
      });
      expect((await h.collectives.contributors(c.id)).map((x) => [x.address, x.status, x.bonds])).toEqual([
        ['carol', 'released', []],
        ['alice', 'released', []],
      ]);
      expect(h.collectives.payeeChanges('alpha').filter((x) => x.kind === 'restore')).toMatchObject([
        { stash: 'carol', payee: { kind: 'Staked' } },
        { stash: 'alice', payee: { kind: 'Stash' } },
      ]);
      // The final distribution: what awaited (1000) and the donations held (100), 60/40 to the pools.
      expect(h.collectives.allTransfers('alpha').map((t) => [t.kind, t.poolName, t.address, t.amount])).toEqual([
        ['pool', 'garden', 'garden-account', 600n],
        ['pool', 'orchard', 'orchard-account', 400n],
        ['donation', 'garden', 'garden-account', 60n],
        ['donation', 'orchard', 'orchard-account', 40n],
      ]);
      expect((await h.collectives.distributions(c.id, { after: null, limit: 10 })).items).toMatchObject([
        { kind: 'final', at: h.now() },
      ]);
    });

    it('a removed collective refuses new proposals (409 COLLECTIVE_REMOVED) and fails those pending', async () => {
      const pending = await proposeAs('carol', { kind: 'update', changes: { description: 'late' } });
      await voteAs('carol', pending.id);
      await voteAs('dave', pending.id);
      await enact({ kind: 'remove' });
      expect(await failure(proposeAs('carol', { kind: 'remove' }))).toBe('conflict COLLECTIVE_REMOVED');
      const report = await tick();
      expect(report.failed).toMatchObject([{ id: pending.id }]);
      expect(report.failed[0]!.reason).toMatch(/^the collective alpha was removed: removed by proposal/);
      expect((await stored()).description).toBe('');
    });

    it('the removal raised by a withdrawal below the minimum is enacted by the governance tick', async () => {
      const error = await withdraw(h.deps, 'alpha', signedBy('alice', { collective: 'alpha' })).catch(
        (e: DomainError) => e,
      );
      expect(error).toMatchObject({ code: 'WITHDRAWAL_BELOW_MINIMUM' });
      const id = (error as DomainError).details!.proposalId as string;
      // Not before the enactment delay.
      expect((await tick(299)).enacted).toEqual([]);
      expect((await tick(1)).enacted).toEqual([id]);
      expect(await stored()).toMatchObject({ status: 'removed', removedReason: `removed by proposal ${id}` });
      // Alice, refused then, is released now like everyone.
      expect((await h.collectives.contributors('1')).every((c) => c.status === 'released')).toBe(true);
    });
  });
});
