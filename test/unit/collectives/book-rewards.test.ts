import { describe, expect, it } from 'vitest';
import { bookCollectiveRewards } from '../../../src/domain/collectives/book-rewards.use-case.js';
import type { ChainEvent } from '../../../src/domain/ports/chain-events.js';
import { block, moneyHarness, rewardedTo, seedCollective, T0 } from '../../support/collective-money.js';

const KSM = 10n ** 12n;

async function setUp() {
  const h = moneyHarness();
  // alice commits 750 of her 1,000 KSM with a fifth donated; bob all of his 400
  await seedCollective(h.collectives, {
    name: 'fund',
    contributors: [
      { address: 'alice', ksm: 750n * KSM, donation: '0.2' },
      { address: 'bob', ksm: 400n * KSM },
    ],
  });
  h.stakes.active.set('bob', 400n * KSM);
  const deps = { collectives: h.collectives, stakes: h.stakes, registries: h.registries, clock: h.clock };
  const book = (events: ChainEvent[], at = block(10)) => bookCollectiveRewards(deps, events, at);
  const rewards = async (name = 'fund') => {
    const c = (await h.collectives.byName(name))!;
    return (await h.collectives.rewards(c.id, { after: null, limit: 100 })).items.reverse();
  };
  const sums = async (name = 'fund') => {
    const c = (await h.collectives.byName(name))!;
    return (await h.collectives.sums(c.id)).get('KSM');
  };
  const transfers = (name = 'fund') =>
    h.collectives.allTransfers(name).map((t) => [t.kind, t.address, t.denom, t.amount, t.status]);
  return { ...h, book, rewards, sums, transfers };
}

describe('bookCollectiveRewards', () => {
  it("splits a stash's reward by its committed share and donation, and owes the rest back to the stash", async () => {
    const h = await setUp();
    expect(await h.book([rewardedTo('fund-account', 'alice', 1000n, 'e4', 12)], block(10))).toBe(1);
    // 750 committed of 1,000 active: 750 for the collective, 150 of it donated, 250 back
    expect(await h.rewards()).toEqual([
      {
        stash: 'alice',
        era: 12,
        denom: 'KSM',
        amount: 1000n,
        returned: 250n,
        donation: 150n,
        forPools: 600n,
        block: block(10),
        eventKey: 'e4',
        bookedAt: new Date(T0 * 1000),
      },
    ]);
    expect(h.transfers()).toEqual([['return', 'alice', 'KSM', 250n, 'owed']]);
    expect(await h.sums()).toMatchObject({ received: 1000n, returned: 250n, donations: 150n, forPools: 600n });
  });

  it('owes nothing back for a fully committed stash', async () => {
    const h = await setUp();
    expect(await h.book([rewardedTo('fund-account', 'bob', 999n, 'e1')])).toBe(1);
    expect(await h.sums()).toMatchObject({ received: 999n, forPools: 999n, returned: 0n });
    expect(h.transfers()).toEqual([]);
  });

  it('reads the active bonds at the block of the rewards, once for the whole block', async () => {
    const h = await setUp();
    await h.book(
      [
        rewardedTo('fund-account', 'alice', 1000n, 'e1'),
        rewardedTo('fund-account', 'bob', 10n, 'e2'),
        rewardedTo('fund-account', 'alice', 8n, 'e3'),
      ],
      block(42),
    );
    expect(h.stakes.reads).toEqual([{ stashes: ['alice', 'bob'], at: block(42) }]);
  });

  it('counts no more than the stash still bonds: unbonded below its commitment, all of it is committed', async () => {
    const h = await setUp();
    h.stakes.active.set('alice', 500n * KSM);
    await h.book([rewardedTo('fund-account', 'alice', 1000n, 'e1')]);
    expect(await h.sums()).toMatchObject({ received: 1000n, returned: 0n, donations: 200n, forPools: 800n });
  });

  it('returns in full the rewards of a stash that does not count: released, breached or never a contributor', async () => {
    const h = await setUp();
    await h.collectives.withCollective('fund', (u) =>
      u.endContribution('bob', 'breached', 'payee changed', new Date()),
    );
    await h.book([rewardedTo('fund-account', 'bob', 70n, 'e1'), rewardedTo('fund-account', 'stranger', 30n, 'e2')]);
    expect(await h.sums()).toMatchObject({ received: 100n, returned: 100n, donations: 0n, forPools: 0n });
    expect(h.transfers()).toEqual([
      ['return', 'bob', 'KSM', 70n, 'owed'],
      ['return', 'stranger', 'KSM', 30n, 'owed'],
    ]);
  });

  it('counts only the commitment in the native token', async () => {
    const h = moneyHarness();
    await seedCollective(h.collectives, {
      name: 'fund',
      contributors: [{ address: 'carol', ksm: 0n, other: [{ denom: 'USDT', amount: 1000n * KSM }] }],
    });
    const deps = { collectives: h.collectives, stakes: h.stakes, registries: h.registries, clock: h.clock };
    await bookCollectiveRewards(deps, [rewardedTo('fund-account', 'carol', 50n, 'e1')], block(3));
    expect(h.collectives.allTransfers('fund').map((t) => t.amount)).toEqual([50n]);
  });

  it('books each reward once: the same block indexed again books nothing and owes nothing more', async () => {
    const h = await setUp();
    const events = [rewardedTo('fund-account', 'alice', 1000n, 'e1'), rewardedTo('fund-account', 'bob', 5n, 'e2')];
    expect(await h.book(events, block(10))).toBe(2);
    expect(await h.book(events, block(10))).toBe(0);
    expect(await h.book([events[0]!], block(10))).toBe(0);
    expect((await h.rewards()).length).toBe(2);
    expect(h.transfers()).toEqual([['return', 'alice', 'KSM', 250n, 'owed']]);
    // the same key in another block is another event
    expect(await h.book([events[0]!], block(11))).toBe(1);
  });

  it("ignores rewards not paid to a collective's account, and reads nothing for a block without any", async () => {
    const h = await setUp();
    const restaked: ChainEvent = { ...rewardedTo('fund-account', 'alice', 5n, 'e1'), detail: { dest: 'Staked' } };
    const elsewhere = rewardedTo('someone-else', 'alice', 5n, 'e2');
    const bonded: ChainEvent = { ...rewardedTo('fund-account', 'alice', 5n, 'e3'), kind: 'bonded' };
    const nothing = rewardedTo('fund-account', 'alice', 0n, 'e4');
    expect(await h.book([restaked, elsewhere, bonded, nothing])).toBe(0);
    expect(await h.book([])).toBe(0);
    expect(h.stakes.reads).toEqual([]);
    expect(h.registries.tokenReads).toBe(0);
    expect(await h.sums()).toBeUndefined();
  });

  it('books the rewards of one block into each collective they were paid to', async () => {
    const h = await setUp();
    await seedCollective(h.collectives, { name: 'other', contributors: [{ address: 'dave', ksm: 1000n * KSM }] });
    expect(
      await h.book([rewardedTo('other-account', 'dave', 40n, 'e1'), rewardedTo('fund-account', 'alice', 4n, 'e2')]),
    ).toBe(2);
    expect(await h.sums('other')).toMatchObject({ received: 40n, forPools: 40n });
    expect(await h.sums('fund')).toMatchObject({ received: 4n, returned: 1n });
    expect(h.stakes.reads).toHaveLength(1);
  });

  it("keeps booking, in the chain's own denom, while an operator delisted the native token (the rewards still arrive)", async () => {
    const h = await setUp();
    h.registries.tokenMap.delete('KSM');
    expect(await h.book([rewardedTo('fund-account', 'alice', 1000n, 'e1')])).toBe(1);
    expect(await h.sums()).toMatchObject({ received: 1000n, returned: 250n });
  });

  it("books nothing of a change that fails: the block's rewards are booked again when it is indexed again", async () => {
    const h = await setUp();
    const original = h.collectives.withCollective.bind(h.collectives);
    let fail = true;
    h.collectives.withCollective = ((name: string, work: Parameters<typeof original>[1]) =>
      original(name, async (unit) => {
        const result = await work(unit);
        if (fail) throw new Error('crash before commit');
        return result;
      })) as typeof original;
    await expect(h.book([rewardedTo('fund-account', 'alice', 1000n, 'e1')])).rejects.toThrow('crash');
    expect(await h.sums()).toBeUndefined();
    expect(h.transfers()).toEqual([]);
    fail = false;
    expect(await h.book([rewardedTo('fund-account', 'alice', 1000n, 'e1')])).toBe(1);
    expect(h.transfers()).toEqual([['return', 'alice', 'KSM', 250n, 'owed']]);
  });
});
