import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import type { Transaction } from '../../../src/domain/governance/proposal.repository.js';
import type { Proposal } from '../../../src/domain/governance/types.js';
import { createPool, registerInPool } from '../../../src/domain/pools/pool-actions.use-case.js';
import { poolSubjects } from '../../../src/domain/pools/pool-governance.js';
import { InMemoryTransaction } from '../../support/in-memory-governance.js';
import { poolHarness, signedBy, type PoolHarness } from '../../support/in-memory-pools.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.kind} ${e.code}` : String(e)),
  );

let h: PoolHarness;
let seq = 0;
beforeEach(async () => {
  h = poolHarness();
  h.registries.role('council', 'erin').role('staff', 'frank');
  await createPool(
    h.deps,
    signedBy('carol', {
      name: 'garden',
      tokenRates: [{ denom: 'KSM', rate: '2' }],
      beneficiaries: { accounts: [{ address: 'alice' }, { address: 'bob', weight: '3' }] },
      owners: { roles: ['staff'], accounts: [] },
    }),
  );
});

const subjects = () => poolSubjects(h.deps);
const proposal = (body: Record<string, unknown>): Proposal =>
  ({ id: String(++seq), scope: 'pool', subject: 'garden', kind: String(body.kind), body }) as Proposal;
/** Validates as when proposed, then enacts as the enactment would, later. */
const enact = async (body: Record<string, unknown>) => {
  const normalised = await subjects().validate('garden', body);
  return subjects().enact('garden', proposal(normalised), new InMemoryTransaction() as unknown as Transaction);
};
const snapshot = async () => ({
  pool: await h.pools.byName('garden'),
  lines: h.pools.allLines('garden'),
  books: await h.pools.books('1'),
  registrations: await h.pools.registrations('1'),
});

describe('the pools governance subject', () => {
  it('names the owners and the voting settings', async () => {
    expect(await subjects().owners('garden')).toEqual({ accounts: [], roles: ['staff'], creator: 'carol' });
    expect(await subjects().owners('nowhere')).toBeNull();
    expect(await subjects().settings('garden')).toEqual({ quorum: '0.51', votePeriod: 600, voteEnactment: 300 });
  });

  it('enacts an update over the settings of the moment', async () => {
    const reason = await enact({
      kind: 'update',
      changes: { description: 'new', beneficiaries: { roles: [{ name: 'council', weight: '2' }] } },
    });
    expect(reason).toBe('settings updated: beneficiaries, description');
    expect(await h.pools.byName('garden')).toMatchObject({
      description: 'new',
      beneficiaries: [{ kind: 'role', name: 'council', weight: '2' }],
      tokenRates: [{ denom: 'KSM', rate: '2' }],
    });
  });

  it('re-validates an update at enactment: a role deleted meanwhile fails it, changing nothing', async () => {
    const body = await subjects().validate('garden', {
      kind: 'update',
      changes: { beneficiaries: { roles: [{ name: 'council' }] } },
    });
    const before = await snapshot();
    h.registries.roles.delete('council');
    const tx = new InMemoryTransaction() as unknown as Transaction;
    expect(await failure(subjects().enact('garden', proposal(body), tx))).toBe('rule ROLE_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['the name', { kind: 'update', changes: { name: 'other' } }, 'rule SETTING_IMMUTABLE'],
    ['the rate mode', { kind: 'update', changes: { dynamicRate: true } }, 'rule SETTING_IMMUTABLE'],
    ['no changes', { kind: 'update', changes: {} }, 'validation PROPOSAL_INVALID'],
    ['a bad field', { kind: 'update', changes: { voteQuorum: '2' } }, 'validation VOTE_QUORUM_INVALID'],
    ['a distribute with fields', { kind: 'distribute', to: 'alice' }, 'validation PROPOSAL_INVALID'],
    ['an unknown kind', { kind: 'burn' }, 'validation PROPOSAL_INVALID'],
    [
      'a payment of 0',
      { kind: 'pay', payments: [{ address: 'bob', denom: 'KSM', amount: '0' }] },
      'validation AMOUNT_INVALID',
    ],
    [
      'a payment to a foreign address',
      { kind: 'pay', payments: [{ address: 'eve', denom: 'KSM', amount: '1' }] },
      'validation ADDRESS_INVALID',
    ],
    [
      'a payment in an unknown token',
      { kind: 'pay', payments: [{ address: 'bob', denom: 'DOT', amount: '1' }] },
      'rule TOKEN_UNKNOWN',
    ],
    ['no payments', { kind: 'pay', payments: [] }, 'validation PROPOSAL_INVALID'],
  ])('refuses a proposal changing %s', async (_label, body, expected) => {
    expect(await failure(subjects().validate('garden', body))).toBe(expected);
  });

  it('distributes every registered beneficiary its accrual, up to now', async () => {
    await h.deposit('garden', 'KSM', 10n ** 6n);
    for (const who of ['alice', 'bob']) await registerInPool(h.deps, 'garden', signedBy(who, { pool: 'garden' }));
    h.clock.advance(50);
    expect(await enact({ kind: 'distribute' })).toBe('distributed 2 payout line(s) to registered beneficiaries');
    const lines = h.pools.allLines('garden');
    expect(lines.map((l) => [l.address, l.amount, l.kind, l.proposalId])).toEqual([
      ['alice', 100n, 'distribution', String(seq)],
      ['bob', 300n, 'distribution', String(seq)],
    ]);
    // Their next claims start from the distribution.
    expect((await h.pools.registrations('1')).map((r) => r.lastClaimAt)).toEqual([h.clock.now(), h.clock.now()]);
  });

  it('pays chosen amounts from what the pool holds, and refuses more (INSUFFICIENT_FUNDS), writing nothing', async () => {
    await h.deposit('garden', 'KSM', 1000n);
    await h.deposit('garden', 'USDT', 10n);
    expect(
      await enact({
        kind: 'pay',
        payments: [
          { address: 'dave', denom: 'KSM', amount: '600' },
          { address: 'dave', denom: 'USDT', amount: '10' },
        ],
      }),
    ).toBe('owed 2 payment(s), paid by the next payment batch');
    const before = await snapshot();
    expect(
      await failure(
        enact({
          kind: 'pay',
          payments: [
            { address: 'erin', denom: 'KSM', amount: '300' },
            { address: 'frank', denom: 'KSM', amount: '101' },
          ],
        }),
      ),
    ).toBe('rule INSUFFICIENT_FUNDS');
    expect(await snapshot()).toEqual(before);
    expect(before.books.get('KSM')).toEqual({ deposited: 1000n, paid: 0n, owed: 600n });
    expect(await enact({ kind: 'pay', payments: [{ address: 'erin', denom: 'KSM', amount: '400' }] })).toBe(
      'owed 1 payment(s), paid by the next payment batch',
    );
  });
});
