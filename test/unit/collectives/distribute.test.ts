import { describe, expect, it } from 'vitest';
import { collectiveBooks } from '../../../src/domain/collectives/books.js';
import { distributeToPools } from '../../../src/domain/collectives/distribute.use-case.js';
import type { RewardBooking } from '../../../src/domain/collectives/types.js';
import { block, DAY, moneyHarness, seedCollective, T0 } from '../../support/collective-money.js';
import type { InMemoryCollectiveRepository } from '../../support/in-memory-collectives.js';

const KSM = 10n ** 12n;
let eventSeq = 0;

/** Books a reward split as given straight into the collective (what bookCollectiveRewards does). */
async function reward(
  repo: InMemoryCollectiveRepository,
  name: string,
  split: { returned?: bigint; donation?: bigint; forPools?: bigint },
): Promise<void> {
  const returned = split.returned ?? 0n;
  const donation = split.donation ?? 0n;
  const forPools = split.forPools ?? 0n;
  const booking: RewardBooking = {
    stash: 'alice',
    era: 1,
    denom: 'KSM',
    amount: returned + donation + forPools,
    returned,
    donation,
    forPools,
    block: block(1),
    eventKey: `e${++eventSeq}`,
    bookedAt: new Date(T0 * 1000),
  };
  await repo.withCollective(name, (unit) => unit.bookReward(booking));
}

async function setUp(pools?: { name: string; share: string }[]) {
  const h = moneyHarness();
  await seedCollective(h.collectives, { name: 'fund', contributors: [{ address: 'alice', ksm: 100n * KSM }], pools });
  const pick = async (names: string[]) => h.registries.pools(names);
  const distribute = (kind: 'claim' | 'final', at: number) =>
    h.collectives.withCollective('fund', async (unit) =>
      distributeToPools(unit, await pick(unit.collective.spendingPools.map((p) => p.name)), kind, at),
    );
  const books = async () => {
    const c = (await h.collectives.byName('fund'))!;
    return collectiveBooks((await h.collectives.sums(c.id)).get('KSM')!);
  };
  return { ...h, distribute, books };
}

describe('distributeToPools', () => {
  it('owes what awaits to the pools by share, records the claim and moves lastDistro', async () => {
    const h = await setUp();
    await reward(h.collectives, 'fund', { returned: 5n, donation: 20n, forPools: 1000n });
    const d = await h.distribute('claim', T0 + DAY);
    expect(d).toMatchObject({ kind: 'claim', at: T0 + DAY, amounts: [{ denom: 'KSM', amount: 1000n }] });
    const transfers = h.collectives.allTransfers('fund');
    expect(
      transfers.map(({ kind, address, poolName, denom, amount, distributionId, status }) => ({
        kind,
        address,
        poolName,
        denom,
        amount,
        distributionId,
        status,
      })),
    ).toEqual([
      {
        kind: 'pool',
        address: 'garden-account',
        poolName: 'garden',
        denom: 'KSM',
        amount: 600n,
        distributionId: d.id,
        status: 'owed',
      },
      {
        kind: 'pool',
        address: 'orchard-account',
        poolName: 'orchard',
        denom: 'KSM',
        amount: 400n,
        distributionId: d.id,
        status: 'owed',
      },
    ]);
    expect((await h.collectives.byName('fund'))!.lastDistro).toBe(T0 + DAY);
    // the donation stays held: only a final distribution (or the owners) send it
    expect(await h.books()).toMatchObject({ awaiting: 0n, toPools: 1000n, donationsHeld: 20n, distributed: 1000n });
    const c = (await h.collectives.byName('fund'))!;
    expect((await h.collectives.distributions(c.id, { after: null, limit: 10 })).items).toEqual([d]);
  });

  it('records a claim with nothing to send, and still moves lastDistro', async () => {
    const h = await setUp();
    const d = await h.distribute('claim', T0 + 5);
    expect(d.amounts).toEqual([]);
    expect(h.collectives.allTransfers('fund')).toEqual([]);
    expect((await h.collectives.byName('fund'))!.lastDistro).toBe(T0 + 5);
  });

  it('keeps the dust of the split awaiting, and sends it once it adds up', async () => {
    const h = await setUp([
      { name: 'garden', share: '0.25' },
      { name: 'orchard', share: '0.75' },
    ]);
    await reward(h.collectives, 'fund', { forPools: 101n });
    await h.distribute('claim', T0 + 1);
    // 25.25 and 75.75, both rounded down: 1 planck stays
    expect(h.collectives.allTransfers('fund').map((t) => t.amount)).toEqual([25n, 75n]);
    expect((await h.books()).awaiting).toBe(1n);
    await reward(h.collectives, 'fund', { forPools: 3n });
    await h.distribute('claim', T0 + 2);
    expect(h.collectives.allTransfers('fund').map((t) => t.amount)).toEqual([25n, 75n, 1n, 3n]);
    expect((await h.books()).awaiting).toBe(0n);
  });

  it('sends nothing of less than a planck per share: thirds of 1 planck stay awaiting', async () => {
    const h = await setUp([
      { name: 'garden', share: '0.333333333333333333' },
      { name: 'orchard', share: '0.666666666666666667' },
    ]);
    await reward(h.collectives, 'fund', { forPools: 1n });
    expect((await h.distribute('claim', T0 + 1)).amounts).toEqual([]);
    expect((await h.books()).awaiting).toBe(1n);
  });

  it("leaves a pool's part awaiting while it has no account, or is gone from the registry", async () => {
    const h = await setUp([
      { name: 'garden', share: '0.5' },
      { name: 'meadow', share: '0.25' },
      { name: 'vanished', share: '0.25' },
    ]);
    await reward(h.collectives, 'fund', { forPools: 1000n });
    const d = await h.distribute('claim', T0 + 1);
    expect(d.amounts).toEqual([{ denom: 'KSM', amount: 500n }]);
    expect(h.collectives.allTransfers('fund').map((t) => [t.poolName, t.amount])).toEqual([['garden', 500n]]);
    expect((await h.books()).awaiting).toBe(500n);
    h.registries.poolAccounts.set('meadow', 'meadow-account');
    await h.distribute('claim', T0 + 2);
    expect(h.collectives.allTransfers('fund').map((t) => [t.poolName, t.amount])).toEqual([
      ['garden', 500n],
      ['garden', 250n],
      ['meadow', 125n],
    ]);
    expect((await h.books()).awaiting).toBe(125n);
  });

  it('sends, in a final distribution, the donations held too, split the same way, as donations to the pools', async () => {
    const h = await setUp();
    await reward(h.collectives, 'fund', { donation: 101n, forPools: 10n });
    const d = await h.distribute('final', T0 + 3);
    expect(d).toMatchObject({ kind: 'final', amounts: [{ denom: 'KSM', amount: 6n + 4n + 60n + 40n }] });
    expect(h.collectives.allTransfers('fund').map((t) => [t.kind, t.poolName, t.address, t.amount])).toEqual([
      ['pool', 'garden', 'garden-account', 6n],
      ['pool', 'orchard', 'orchard-account', 4n],
      ['donation', 'garden', 'garden-account', 60n],
      ['donation', 'orchard', 'orchard-account', 40n],
    ]);
    expect(await h.books()).toMatchObject({ awaiting: 0n, donationsHeld: 1n, donationsSent: 100n });
  });

  it('sends again what a failed transfer did not pay', async () => {
    const h = await setUp();
    await reward(h.collectives, 'fund', { forPools: 1000n });
    await h.distribute('claim', T0 + 1);
    const [garden] = h.collectives.allTransfers('fund');
    h.collectives.setTransferStatus('fund', 'failed', [garden!.id], 'Token.FundsUnavailable');
    expect((await h.books()).awaiting).toBe(600n);
    await h.distribute('claim', T0 + 2);
    expect(
      h.collectives
        .allTransfers('fund')
        .slice(2)
        .map((t) => [t.poolName, t.amount]),
    ).toEqual([
      ['garden', 360n],
      ['orchard', 240n],
    ]);
  });
});
