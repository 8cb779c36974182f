import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookCollectiveRewards } from '../../../src/domain/collectives/book-rewards.use-case.js';
import { collectiveBooks } from '../../../src/domain/collectives/books.js';
import { distributeToPools } from '../../../src/domain/collectives/distribute.use-case.js';
import { reconcileCollectives } from '../../../src/domain/collectives/reconcile-collectives.use-case.js';
import { FIXED_ONE, formatDecimal } from '../../../src/domain/shared/fixed-point.js';
import type { ChainEvent } from '../../../src/domain/ports/chain-events.js';
import type { NewCollectiveTransfer, PoolShare } from '../../../src/domain/collectives/types.js';
import { block, moneyHarness, rewardedTo, seedCollective, T0 } from '../../support/collective-money.js';

/**
 * The collective's money end to end on the in-memory repository: random rewards of counting,
 * released and unknown stashes with random active bonds and donations, blocks indexed twice,
 * claims, final distributions, and transfer batches that pay (the chain's balance moves) or fail
 * (the amount is owed again, to the same address). After every step, to the planck: received =
 * distributed + donations held + awaiting + returned with nothing negative, the account's balance
 * on chain = endowment + received − paid out (the reconciliation finds no difference), every
 * reward's return owed to its stash, and nothing sent to a pool beyond its share.
 */
const KSM = 10n ** 12n;
const STASHES = ['alice', 'bob', 'carol', 'stranger'] as const;
const ENDOWMENT = 1_000_000n;

const planck = fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 10n ** 15n }));
const donation = fc.oneof(fc.constantFrom('0', '1', '0.5'), fc.bigInt({ min: 0n, max: FIXED_ONE }).map(formatDecimal));
const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('reward' as const),
      rewards: fc.array(
        fc.record({
          stash: fc.constantFrom(...STASHES),
          amount: planck,
          active: fc.option(fc.bigInt({ min: 0n, max: 2000n * KSM }), { nil: null }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      again: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('claim' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('batch' as const), outcomes: fc.array(fc.boolean(), { maxLength: 8 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('terms' as const), stash: fc.constantFrom('alice', 'bob'), donation }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('release' as const), stash: fc.constantFrom('alice', 'bob') }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('final' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('account' as const) }) },
);
const shares: fc.Arbitrary<PoolShare[]> = fc.constantFrom<PoolShare[]>(
  [
    { name: 'garden', share: '0.6' },
    { name: 'orchard', share: '0.4' },
  ],
  [
    { name: 'garden', share: '0.333333333333333333' },
    { name: 'orchard', share: '0.333333333333333333' },
    { name: 'meadow', share: '0.333333333333333334' },
  ],
);

describe('a collective’s money, over random sequences', () => {
  it('balances to the planck at every step and agrees with the chain', async () => {
    await fc.assert(
      fc.asyncProperty(
        shares,
        donation,
        fc.array(step, { minLength: 1, maxLength: 30 }),
        async (pools, aliceDonation, steps) => {
          const h = moneyHarness();
          await seedCollective(h.collectives, {
            name: 'fund',
            contributors: [
              { address: 'alice', ksm: 600n * KSM, donation: aliceDonation },
              { address: 'bob', ksm: 900n * KSM },
              { address: 'carol', ksm: 0n, other: [{ denom: 'USDT', amount: 5n }] },
            ],
            pools,
            endowment: ENDOWMENT,
          });
          h.chain.credit('fund-account', ENDOWMENT);
          const id = (await h.collectives.byName('fund'))!.id;
          const deps = { collectives: h.collectives, stakes: h.stakes, registries: h.registries, clock: h.clock };
          let blockNumber = 0;
          let eventSeq = 0;
          let time = T0;
          /** Σ of the return owed per stash, from the splits booked (the model). */
          const returnedTo = new Map<string, bigint>();
          /** Σ of the rewards' pool shares and donation shares ever booked. */
          let forPoolsEver = 0n;
          let donationsEver = 0n;
          let claims = 0;

          const distribute = (kind: 'claim' | 'final') =>
            h.collectives.withCollective('fund', async (unit) =>
              distributeToPools(
                unit,
                await h.registries.pools(unit.collective.spendingPools.map((p) => p.name)),
                kind,
                (time += 60),
              ),
            );

          for (const s of steps) {
            if (s.kind === 'reward') {
              const at = block(++blockNumber);
              const events: ChainEvent[] = [];
              for (const r of s.rewards) {
                h.stakes.active.set(r.stash, r.active);
                events.push(rewardedTo('fund-account', r.stash, r.amount, `e${++eventSeq}`));
              }
              // the active bond at the block: the last one set for a stash holds for the whole block
              const before = (await h.collectives.sums(id)).get('KSM');
              const booked = await bookCollectiveRewards(deps, events, at);
              expect(booked).toBe(events.length);
              for (const e of events) h.chain.credit('fund-account', e.amount!);
              if (s.again) expect(await bookCollectiveRewards(deps, events, at)).toBe(0);
              const after = (await h.collectives.sums(id)).get('KSM')!;
              const received = after.received - (before?.received ?? 0n);
              expect(received).toBe(events.reduce((sum, e) => sum + e.amount!, 0n));
              forPoolsEver += after.forPools - (before?.forPools ?? 0n);
              donationsEver += after.donations - (before?.donations ?? 0n);
              const page = await h.collectives.rewards(id, { after: null, limit: events.length });
              for (const r of page.items) returnedTo.set(r.stash, (returnedTo.get(r.stash) ?? 0n) + r.returned);
            } else if (s.kind === 'claim') {
              await distribute('claim');
              claims++;
            } else if (s.kind === 'final') {
              await distribute('final');
              claims++;
            } else if (s.kind === 'batch') {
              // a failed transfer is followed by a new owed row for the same amount (as the
              // batches do), so the books count it once and it goes to the same address
              const owed = h.collectives.allTransfers('fund').filter((t) => t.status === 'owed');
              const retries: NewCollectiveTransfer[] = [];
              owed.forEach((t, i) => {
                const ok = s.outcomes[i] ?? true;
                h.collectives.setTransferStatus(
                  'fund',
                  ok ? 'paid' : 'failed',
                  [t.id],
                  ok ? null : 'Token.FundsUnavailable',
                );
                if (ok) h.chain.credit('fund-account', -t.amount);
                else if (t.kind !== 'endow') {
                  const { kind, address, poolName, denom, amount, distributionId, proposalId } = t;
                  retries.push({ kind, address, poolName, denom, amount, distributionId, proposalId });
                }
              });
              if (retries.length > 0)
                await h.collectives.withCollective('fund', (u) => u.addTransfers(retries, new Date(time * 1000)));
            } else if (s.kind === 'terms') {
              await h.collectives.withCollective('fund', (u) =>
                u.setTerms(s.stash, { locking: 0, donation: s.donation, donationLock: false }),
              );
            } else if (s.kind === 'release') {
              await h.collectives.withCollective('fund', (u) =>
                u.endContribution(s.stash, 'released', 'withdrawn', new Date(time * 1000)),
              );
            } else {
              h.registries.poolAccounts.set('meadow', 'meadow-account');
            }

            // the books balance (collectiveBooks throws otherwise) and nothing is negative
            const sums = (await h.collectives.sums(id)).get('KSM');
            if (sums) {
              const b = collectiveBooks(sums);
              for (const v of Object.values(b)) expect(v >= 0n).toBe(true);
              expect(b.toPools).toBeLessThanOrEqual(forPoolsEver);
              expect(b.donationsSent).toBeLessThanOrEqual(donationsEver);
            }
            // the chain agrees with the books
            await reconcileCollectives({ ...deps, chain: h.chain });
            const [check] = await h.collectives.bookChecks(id);
            expect(check).toMatchObject({ difference: 0n });
            // every return owed to its stash, exactly once (a failed one is owed again)
            const transfers = h.collectives.allTransfers('fund');
            for (const t of transfers) expect(t.amount > 0n).toBe(true);
            for (const stash of STASHES) {
              const owedBack = transfers
                .filter((t) => t.kind === 'return' && t.address === stash && t.status !== 'failed')
                .reduce((sum, t) => sum + t.amount, 0n);
              expect(owedBack).toBe(returnedTo.get(stash) ?? 0n);
            }
            // each pool got at most its share of what was earmarked for the pools, give or take
            // the split's dust: floor per pool, the dust re-split at the next claim, so at most
            // one planck more per claim (a pool without an account lets the others take its part)
            const earmarked = forPoolsEver + donationsEver;
            const sent = transfers.filter((t) => t.poolName !== null && t.status !== 'failed');
            expect(sent.reduce((sum, t) => sum + t.amount, 0n)).toBeLessThanOrEqual(earmarked);
            if (!pools.some((q) => q.name === 'meadow'))
              for (const p of pools) {
                const got = sent.filter((t) => t.poolName === p.name).reduce((sum, t) => sum + t.amount, 0n);
                const [whole, fraction = ''] = p.share.split('.');
                const rate = BigInt(whole!) * FIXED_ONE + BigInt(fraction.padEnd(18, '0'));
                expect(got * FIXED_ONE).toBeLessThanOrEqual(earmarked * rate + BigInt(claims) * FIXED_ONE);
              }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
