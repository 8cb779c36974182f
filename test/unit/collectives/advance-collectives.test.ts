import { beforeEach, describe, expect, it } from 'vitest';
import { advanceCollectives } from '../../../src/domain/collectives/advance-collectives.use-case.js';
import { parseCollectiveSettings } from '../../../src/domain/collectives/collective-settings.js';
import { collectiveHarness, KSM, type CollectiveHarness } from '../../support/collective-fakes.js';

const NOW = 1_900_000_000;
const PERIOD = 14_400;
const START = NOW + 100;
/** Three claim periods after claims start, and a bit. */
const END = START + 3 * PERIOD + 10;

describe('advanceCollectives: the tick of bonding windows, statuses and claims', () => {
  let h: CollectiveHarness;
  const tick = async (seconds: number) => {
    h.clock.set(new Date(seconds * 1000));
    return advanceCollectives(h.deps);
  };
  const stored = async (name = 'alpha') => (await h.collectives.byName(name))!;
  let rewardKey = 0;
  /** A reward paid to the collective, all of it for the pools. */
  const reward = (amount: bigint) =>
    h.collectives.withCollective('alpha', (u) =>
      u.bookReward({
        stash: 'carol',
        era: 1,
        denom: 'KSM',
        amount,
        returned: 0n,
        donation: 0n,
        forPools: amount,
        block: { hash: `0x${++rewardKey}`, number: rewardKey },
        eventKey: 'e1',
        bookedAt: h.clock.now(),
      }),
    );

  async function collective(name: string, bondKsm: bigint, over: Record<string, unknown> = {}) {
    const settings = await parseCollectiveSettings(
      {
        spendingPools: [
          { name: 'garden', share: '0.7' },
          { name: 'orchard', share: '0.3' },
        ],
        ...over,
      },
      { codec: h.deps.codec, registries: h.registries, now: NOW },
    );
    await h.collectives.create(
      {
        name,
        creator: name === 'alpha' ? 'carol' : 'dave',
        settings,
        bondingDeadline: NOW + 86_400,
        contribution: {
          address: name === 'alpha' ? 'carol' : 'dave',
          bonds: [{ denom: 'KSM', amount: bondKsm * KSM }],
          previousPayee: { kind: 'Staked' },
          at: new Date(NOW * 1000),
        },
        at: new Date(NOW * 1000),
      },
      { address: name === 'alpha' ? 'carol' : 'dave', nonce: `${name}-nonce-0123456789`, action: 'collective.create' },
    );
  }

  beforeEach(() => {
    h = collectiveHarness(new Date(NOW * 1000));
  });

  it('claims no earlier than claim-start, no more often than claim-period, never at or after claim-end, moving lastDistro each time', async () => {
    // 100 KSM × 10 base units = the minimum of 1,000.
    await collective('alpha', 100n, { claimStart: START, claimPeriod: PERIOD, claimEnd: END });
    await reward(1_000n);

    expect(await tick(NOW + 50)).toEqual({ removed: 0, claimed: 0 });
    expect(await stored()).toMatchObject({ status: 'inactive', lastDistro: null });

    expect(await tick(START)).toEqual({ removed: 0, claimed: 1 });
    expect(await stored()).toMatchObject({ status: 'active', lastDistro: START });
    expect(h.collectives.allTransfers('alpha').map((t) => [t.kind, t.address, t.amount])).toEqual([
      ['pool', 'garden-account', 700n],
      ['pool', 'orchard-account', 300n],
    ]);

    await reward(10n);
    expect((await tick(START + PERIOD - 1)).claimed).toBe(0);
    expect((await stored()).lastDistro).toBe(START);
    expect((await tick(START + PERIOD)).claimed).toBe(1);
    expect((await stored()).lastDistro).toBe(START + PERIOD);
    // 7 and 3 of the 10 planck.
    expect(h.collectives.allTransfers('alpha').map((t) => t.amount)).toEqual([700n, 300n, 7n, 3n]);

    // Nothing awaits: the claim still runs and lastDistro still moves.
    expect((await tick(START + 2 * PERIOD)).claimed).toBe(1);
    expect((await stored()).lastDistro).toBe(START + 2 * PERIOD);
    const page = await h.collectives.distributions((await stored()).id, { limit: 10, after: null });
    expect(page.items.map((d) => [d.at, d.amounts])).toEqual([
      [START + 2 * PERIOD, []],
      [START + PERIOD, [{ denom: 'KSM', amount: 10n }]],
      [START, [{ denom: 'KSM', amount: 1_000n }]],
    ]);

    // The next claim would fall after claim-end: none.
    await reward(50n);
    expect((await tick(START + 3 * PERIOD + 10)).claimed).toBe(0);
    expect((await tick(START + 4 * PERIOD)).claimed).toBe(0);
    expect((await stored()).lastDistro).toBe(START + 2 * PERIOD);
  });

  it('never claims for an inactive or paused collective, and stores the status a rate change or a delisting gives', async () => {
    await collective('alpha', 100n);
    await reward(100n);
    h.registries.rate('KSM', '9.99');
    expect((await tick(NOW + 1)).claimed).toBe(0);
    expect((await stored()).status).toBe('inactive');
    h.registries.rate('KSM', null);
    expect((await tick(NOW + 2)).claimed).toBe(0);
    expect((await stored()).status).toBe('inactive');
    h.registries.tokenMap.set('KSM', { kind: 'native', assetId: null, decimals: 12, rate: '10', staking: true });
    await h.collectives.withCollective('alpha', (u) => u.setPaused(true));
    expect((await tick(NOW + 3)).claimed).toBe(0);
    expect((await stored()).status).toBe('paused');
    await h.collectives.withCollective('alpha', (u) => u.setPaused(false));
    expect((await tick(NOW + 4)).claimed).toBe(1);
    expect((await stored()).status).toBe('active');
  });

  it('removes a collective under the minimum at the end of its bonding window, never having been active, and spares one that reached it', async () => {
    await collective('alpha', 100n);
    await collective('beta', 99n);
    expect(await tick(NOW + 86_399)).toEqual({ removed: 0, claimed: 1 });
    expect((await stored('beta')).status).toBe('inactive');
    expect(await tick(NOW + 86_400)).toEqual({ removed: 1, claimed: 0 });
    const beta = await stored('beta');
    expect(beta).toMatchObject({ status: 'removed', reachedMinimumAt: null });
    expect(beta.removedReason).toMatch(/bonding window/);
    expect((await h.collectives.contributors(beta.id)).map((c) => c.status)).toEqual(['released']);
    expect((await stored('alpha')).status).toBe('active');
    // Removed once: later ticks leave it be.
    expect(await tick(NOW + 90_000)).toEqual({ removed: 0, claimed: 0 });
  });
});
