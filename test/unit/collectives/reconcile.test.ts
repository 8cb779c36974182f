import { describe, expect, it } from 'vitest';
import { bookCollectiveRewards } from '../../../src/domain/collectives/book-rewards.use-case.js';
import { reconcileCollectives } from '../../../src/domain/collectives/reconcile-collectives.use-case.js';
import { block, moneyHarness, rewardedTo, seedCollective, T0 } from '../../support/collective-money.js';

const KSM = 10n ** 12n;

async function setUp() {
  const h = moneyHarness();
  await seedCollective(h.collectives, {
    name: 'fund',
    contributors: [{ address: 'alice', ksm: 500n * KSM }],
    endowment: 10n,
  });
  await seedCollective(h.collectives, { name: 'unborn', contributors: [{ address: 'bob', ksm: KSM }], account: null });
  const deps = { collectives: h.collectives, chain: h.chain, registries: h.registries, clock: h.clock };
  const checks = async (name = 'fund') => h.collectives.bookChecks((await h.collectives.byName(name))!.id);
  // alice commits half of her 1,000 KSM: 1000 planck rewarded → 500 back to her
  await bookCollectiveRewards(
    { collectives: h.collectives, stakes: h.stakes, registries: h.registries, clock: h.clock },
    [rewardedTo('fund-account', 'alice', 1000n, 'e1')],
    block(5),
  );
  return { ...h, deps, checks };
}

describe('reconcileCollectives', () => {
  it('stores chain − (endowment + received − paid out) for each collective with an account', async () => {
    const h = await setUp();
    h.chain.credit('fund-account', 10n + 1000n);
    expect(await reconcileCollectives(h.deps)).toBe(0);
    expect(await h.checks()).toEqual([
      {
        denom: 'KSM',
        chainBalance: 1010n,
        expected: 1010n,
        difference: 0n,
        at: h.chain.at,
        checkedAt: new Date(T0 * 1000),
      },
    ]);
    expect(await h.checks('unborn')).toEqual([]);
  });

  it('counts only paid transfers out: one on its way is still in the account', async () => {
    const h = await setUp();
    h.chain.credit('fund-account', 1010n);
    await reconcileCollectives(h.deps);
    expect((await h.checks())[0]).toMatchObject({ expected: 1010n, difference: 0n });
    const [back] = h.collectives.allTransfers('fund');
    h.collectives.setTransferStatus('fund', 'sent', [back!.id]);
    await reconcileCollectives(h.deps);
    expect((await h.checks())[0]).toMatchObject({ expected: 1010n, difference: 0n });
    h.collectives.setTransferStatus('fund', 'paid', [back!.id]);
    h.chain.credit('fund-account', -500n);
    await reconcileCollectives(h.deps);
    expect((await h.checks())[0]).toMatchObject({ chainBalance: 510n, expected: 510n, difference: 0n });
  });

  it('reports a difference and counts it, never corrects it: something sent outside the books, or missing', async () => {
    const h = await setUp();
    h.chain.credit('fund-account', 1010n + 7n);
    expect(await reconcileCollectives(h.deps)).toBe(1);
    expect((await h.checks())[0]).toMatchObject({ chainBalance: 1017n, expected: 1010n, difference: 7n });
    h.chain.credit('fund-account', -20n);
    expect(await reconcileCollectives(h.deps)).toBe(1);
    expect((await h.checks())[0]).toMatchObject({ difference: -13n });
    expect(await h.collectives.allBookChecks()).toHaveLength(1);
  });

  it('reads every account in one read, native only, and checks removed collectives too', async () => {
    const h = await setUp();
    await seedCollective(h.collectives, {
      name: 'gone',
      contributors: [{ address: 'carol', ksm: KSM }],
      endowment: 3n,
    });
    await h.collectives.withCollective('gone', (u) => u.markRemoved('by proposal', new Date(T0 * 1000)));
    h.chain.credit('gone-account', 3n);
    // fund's account holds nothing yet: one difference
    expect(await reconcileCollectives(h.deps)).toBe(1);
    expect(h.chain.reads).toEqual([{ accounts: ['fund-account', 'gone-account'], tokens: [{ kind: 'native' }] }]);
    expect((await h.checks('gone'))[0]).toMatchObject({ expected: 3n, difference: 0n });
  });

  it('reads nothing when no collective has an account yet', async () => {
    const h = moneyHarness();
    await seedCollective(h.collectives, {
      name: 'unborn',
      contributors: [{ address: 'bob', ksm: KSM }],
      account: null,
    });
    const deps = { collectives: h.collectives, chain: h.chain, registries: h.registries, clock: h.clock };
    expect(await reconcileCollectives(deps)).toBe(0);
    expect(h.chain.reads).toEqual([]);
  });
});
