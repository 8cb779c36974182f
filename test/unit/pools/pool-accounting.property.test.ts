import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import type { Transaction } from '../../../src/domain/governance/proposal.repository.js';
import type { Proposal } from '../../../src/domain/governance/types.js';
import { advance, claimFromPool, createPool, registerInPool } from '../../../src/domain/pools/pool-actions.use-case.js';
import { poolSubjects } from '../../../src/domain/pools/pool-governance.js';
import { heldOf } from '../../../src/domain/pools/pool.repository.js';
import { InMemoryTransaction } from '../../support/in-memory-governance.js';
import { poolHarness, signedBy, type PoolHarness } from '../../support/in-memory-pools.js';

/**
 * The whole accounting of a static and a dynamic pool, on the in-memory repository: random
 * deposits in two tokens, registrations, claims, time crossing period boundaries, the pools' tick,
 * owners' distributions and payments, and payment batches that pay or fail (lines owed again).
 * After every step, per pool and token: deposited = paid + owed + held exactly, held ≥ 0, nothing
 * paid beyond the deposits, every line positive.
 */
const POOLS = ['still', 'flowing'] as const;
const PEOPLE = ['alice', 'bob', 'erin', 'frank', 'mallory'] as const;
const TOKENS = ['KSM', 'USDT'] as const;
/** Refusals the steps may meet; anything else is a bug. */
const EXPECTED = new Set([
  'NOTHING_TO_CLAIM',
  'NOT_REGISTERED',
  'ALREADY_REGISTERED',
  'NOT_BENEFICIARY',
  'INSUFFICIENT_FUNDS',
]);

const pool = fc.constantFrom(...POOLS);
const amount = fc.oneof(fc.bigInt({ min: 1n, max: 100n }), fc.bigInt({ min: 1n, max: 10n ** 24n }));
const who = fc.constantFrom(...PEOPLE);
/** Weighted so that registrations, deposits, time and claims meet often enough to pay something. */
const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('deposit' as const), pool, token: fc.constantFrom(...TOKENS), amount }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('register' as const), pool, who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('claim' as const), pool, who }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 1, max: 150 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), pool }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('distribute' as const), pool }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      pool,
      token: fc.constantFrom(...TOKENS),
      amount,
      to: who,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('send' as const), pool }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('outcome' as const), pool, ok: fc.boolean() }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

let proposalSeq = 0;

async function setUp(): Promise<PoolHarness> {
  const h = poolHarness();
  h.registries.role('staff', 'frank').role('council', 'erin', 'alice');
  const beneficiaries = {
    accounts: [{ address: 'alice' }, { address: 'bob', weight: '2' }],
    roles: [
      { name: 'staff', weight: '2' },
      { name: 'council', weight: '0.333333333333333333' },
    ],
  };
  await createPool(
    h.deps,
    signedBy('carol', {
      name: 'still',
      beneficiaries,
      tokenRates: [
        { denom: 'KSM', rate: '1234.5' },
        { denom: 'USDT', rate: '0.7' },
      ],
      claimExpire: 200,
    }),
  );
  await createPool(
    h.deps,
    signedBy('carol', { name: 'flowing', beneficiaries, dynamicRate: true, dynamicRatePeriod: 60 }),
  );
  return h;
}

async function run(h: PoolHarness, s: Step, sending: Map<string, string[]>): Promise<void> {
  const enact = (name: string, body: Record<string, unknown>) =>
    poolSubjects(h.deps).enact(
      name,
      { id: String(++proposalSeq), subject: name, body } as Proposal,
      new InMemoryTransaction() as unknown as Transaction,
    );
  switch (s.kind) {
    case 'deposit':
      await h.deposit(s.pool, s.token, s.amount);
      return;
    case 'register':
      await registerInPool(h.deps, s.pool, signedBy(s.who, { pool: s.pool }));
      return;
    case 'claim':
      await claimFromPool(h.deps, s.pool, signedBy(s.who, { pool: s.pool }));
      return;
    case 'time':
      h.clock.advance(s.seconds);
      return;
    case 'tick':
      await h.pools.withPool(s.pool, (u) => advance(h.deps, u, h.now()));
      return;
    case 'distribute':
      await enact(s.pool, { kind: 'distribute' });
      return;
    case 'pay':
      await enact(s.pool, { kind: 'pay', payments: [{ address: s.to, denom: s.token, amount: s.amount.toString() }] });
      return;
    case 'send':
      sending.set(s.pool, [...(sending.get(s.pool) ?? []), ...h.pools.send(s.pool)]);
      return;
    case 'outcome':
      h.pools.settle(
        s.pool,
        sending.get(s.pool) ?? [],
        s.ok ? { ok: true } : { ok: false, error: 'Token.FundsUnavailable' },
      );
      sending.set(s.pool, []);
      return;
  }
}

/** What the runs reached, so that a property that exercised nothing fails. */
const seen = new Set<string>();

async function checkBooks(h: PoolHarness, deposited: Map<string, bigint>): Promise<void> {
  for (const [i, name] of POOLS.entries()) {
    const books = await h.pools.books(String(i + 1));
    const lines = h.pools.allLines(name);
    for (const l of lines) seen.add(`${name} ${l.kind}`).add(`${l.status}${l.note ? ' noted' : ''}`);
    for (const l of lines) expect(l.amount).toBeGreaterThan(0n);
    for (const token of TOKENS) {
      const b = books.get(token) ?? { deposited: 0n, paid: 0n, owed: 0n };
      const of = lines.filter((l) => l.denom === token);
      const paid = of.filter((l) => l.status === 'paid').reduce((t, l) => t + l.amount, 0n);
      const owed = of.filter((l) => l.status !== 'paid').reduce((t, l) => t + l.amount, 0n);
      expect(b).toEqual({ deposited: deposited.get(`${name}:${token}`) ?? 0n, paid, owed });
      expect(b.deposited).toBe(b.paid + b.owed + heldOf(b));
      expect(heldOf(b)).toBeGreaterThanOrEqual(0n);
      expect(b.paid).toBeLessThanOrEqual(b.deposited);
    }
  }
}

describe('pool accounting (property)', () => {
  it('deposited = paid + owed + held, held ≥ 0, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 100, size: 'max' }), async (steps) => {
        const h = await setUp();
        const deposited = new Map<string, bigint>();
        const sending = new Map<string, string[]>();
        for (const s of steps) {
          try {
            await run(h, s, sending);
            if (s.kind === 'deposit')
              deposited.set(`${s.pool}:${s.token}`, (deposited.get(`${s.pool}:${s.token}`) ?? 0n) + s.amount);
          } catch (e) {
            if (!(e instanceof DomainError) || !EXPECTED.has(e.code)) throw e;
          }
          await checkBooks(h, deposited);
        }
      }),
      { numRuns: 150 },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'flowing claim',
        'flowing distribution',
        'flowing payment',
        'flowing settlement',
        'still claim',
        'still distribution',
        'still payment',
        'owed',
        'owed noted',
        'paid',
        'sending',
      ]),
    );
  });
});
