import { beforeEach, describe, expect, it } from 'vitest';
import { parseCollectiveSettings } from '../../../src/domain/collectives/collective-settings.js';
import {
  computeStatus,
  expireBondingWindow,
  minimumOf,
  refreshStatus,
} from '../../../src/domain/collectives/status.js';
import { DEFAULT_NETWORK_PROPERTIES } from '../../../src/domain/registry/network-properties.js';
import { FIXED_ONE } from '../../../src/domain/shared/fixed-point.js';
import { collectiveHarness, KSM, type CollectiveHarness } from '../../support/collective-fakes.js';

const NOW = 1_900_000_000;
const live = { paused: false, removedAt: null, claimStart: NOW };

describe('computeStatus', () => {
  it.each<[string, Parameters<typeof computeStatus>[0], bigint, bigint, number, string]>([
    ['bonded at the minimum, claims started', live, 100n, 100n, NOW, 'active'],
    ['bonded above the minimum', live, 101n, 100n, NOW + 1, 'active'],
    ['bonded below the minimum', live, 99n, 100n, NOW, 'inactive'],
    ['claims not started yet', live, 100n, 100n, NOW - 1, 'inactive'],
    ['paused, whatever the bond', { ...live, paused: true }, 100n, 100n, NOW, 'paused'],
    ['paused and under-bonded', { ...live, paused: true }, 0n, 100n, NOW, 'paused'],
    ['removed, even if paused', { ...live, paused: true, removedAt: new Date(0) }, 100n, 100n, NOW, 'removed'],
    ['removed', { ...live, removedAt: new Date(0) }, 0n, 100n, NOW, 'removed'],
  ])('%s', (_, c, bonded, minimum, now, expected) => {
    expect(computeStatus(c, bonded, minimum, now)).toBe(expected);
  });
});

describe('minimumOf', () => {
  it('reads minCollectiveBond as a Fixed', () => {
    expect(minimumOf(DEFAULT_NETWORK_PROPERTIES)).toBe(100_000n * FIXED_ONE);
    expect(minimumOf({ minCollectiveBond: '0.5' })).toBe(FIXED_ONE / 2n);
  });
});

describe('refreshStatus and expireBondingWindow', () => {
  let h: CollectiveHarness;
  const start = new Date(NOW * 1000);
  const at = (seconds: number) => new Date((NOW + seconds) * 1000);

  /** A collective whose creator bonds `ksm` KSM (1 KSM = 10 base units, minimum 1,000 base units). */
  async function collective(ksm: bigint, over: Record<string, unknown> = {}) {
    const settings = await parseCollectiveSettings(
      { spendingPools: [{ name: 'garden', share: '1' }], ...over },
      { codec: h.deps.codec, registries: h.registries, now: NOW },
    );
    await h.collectives.create(
      {
        name: 'alpha',
        creator: 'carol',
        settings,
        bondingDeadline: NOW + 86_400,
        contribution: {
          address: 'carol',
          bonds: [{ denom: 'KSM', amount: ksm * KSM }],
          previousPayee: { kind: 'Staked' },
          at: start,
        },
        at: start,
      },
      { address: 'carol', nonce: 'n'.repeat(16), action: 'collective.create' },
    );
  }
  const unit = <T>(work: Parameters<CollectiveHarness['collectives']['withCollective']>[1]) =>
    h.collectives.withCollective('alpha', work) as Promise<T>;
  const stored = async () => (await h.collectives.byName('alpha'))!;

  beforeEach(() => {
    h = collectiveHarness(start);
  });

  it('stores active, and the first time the minimum was reached', async () => {
    await collective(100n);
    expect(await unit((u) => refreshStatus(h.deps, u, at(5)))).toBe('active');
    expect(await stored()).toMatchObject({ status: 'active', reachedMinimumAt: at(5) });
    // Later refreshes keep the first time.
    await unit((u) => refreshStatus(h.deps, u, at(9)));
    expect((await stored()).reachedMinimumAt).toEqual(at(5));
  });

  it('falls to inactive on a rate change, and on a delisted token, keeping reachedMinimumAt', async () => {
    await collective(100n);
    await unit((u) => refreshStatus(h.deps, u, at(1)));
    h.registries.rate('KSM', '9.99');
    expect(await unit((u) => refreshStatus(h.deps, u, at(2)))).toBe('inactive');
    h.registries.rate('KSM', '10');
    expect(await unit((u) => refreshStatus(h.deps, u, at(3)))).toBe('active');
    h.registries.rate('KSM', null);
    expect(await unit((u) => refreshStatus(h.deps, u, at(4)))).toBe('inactive');
    expect(await stored()).toMatchObject({ status: 'inactive', reachedMinimumAt: at(1) });
  });

  it('falls to inactive when the minimum is raised', async () => {
    await collective(100n);
    h.registries.properties.minCollectiveBond = '1000.000000000000000001';
    expect(await unit((u) => refreshStatus(h.deps, u, at(1)))).toBe('inactive');
    expect((await stored()).reachedMinimumAt).toBeNull();
  });

  it('stays inactive before claimStart, yet records the minimum reached', async () => {
    await collective(100n, { claimStart: NOW + 100 });
    expect(await unit((u) => refreshStatus(h.deps, u, at(99)))).toBe('inactive');
    expect((await stored()).reachedMinimumAt).toEqual(at(99));
    expect(await unit((u) => refreshStatus(h.deps, u, at(100)))).toBe('active');
  });

  it('takes settings changed in the same change into account', async () => {
    await collective(100n);
    expect(await unit((u) => refreshStatus(h.deps, u, at(1), { paused: true }))).toBe('paused');
    expect((await stored()).status).toBe('paused');
  });

  it('counts only counting contributions', async () => {
    await collective(100n);
    await unit((u) => u.endContribution('carol', 'breached', 'unbonded', at(1)));
    expect(await unit((u) => refreshStatus(h.deps, u, at(2)))).toBe('inactive');
  });

  it('leaves a collective alone before its bonding deadline', async () => {
    await collective(10n);
    expect(await unit((u) => expireBondingWindow(h.deps, u, at(86_399)))).toBe(false);
    expect((await stored()).removedAt).toBeNull();
  });

  it('removes an under-bonded collective at its deadline, never active, releasing and restoring', async () => {
    await collective(99n);
    expect(await unit((u) => expireBondingWindow(h.deps, u, at(86_400)))).toBe(true);
    const c = await stored();
    expect(c).toMatchObject({ status: 'removed', removedAt: at(86_400), reachedMinimumAt: null });
    expect(c.removedReason).toMatch(/did not reach minCollectiveBond within the bonding window/);
    expect(await h.collectives.contributors(c.id)).toMatchObject([
      { address: 'carol', status: 'released', bonds: [], endedAt: at(86_400) },
    ]);
    expect(h.collectives.payeeChanges('alpha')).toMatchObject([
      { stash: 'carol', kind: 'set', payee: null, status: 'pending' },
      { stash: 'carol', kind: 'restore', payee: { kind: 'Staked' }, status: 'pending' },
    ]);
    // Removed once: a second pass changes nothing.
    expect(await unit((u) => expireBondingWindow(h.deps, u, at(90_000)))).toBe(false);
    expect((await stored()).removedAt).toEqual(at(86_400));
  });

  it('spares a collective that reached the minimum once, even if below it now', async () => {
    await collective(100n);
    await unit((u) => refreshStatus(h.deps, u, at(1)));
    h.registries.rate('KSM', '1');
    expect(await unit((u) => expireBondingWindow(h.deps, u, at(86_400)))).toBe(false);
    expect((await stored()).removedAt).toBeNull();
  });

  it('spares a collective at the minimum at its deadline, recording it', async () => {
    await collective(100n);
    expect(await unit((u) => expireBondingWindow(h.deps, u, at(86_400)))).toBe(false);
    expect(await stored()).toMatchObject({ removedAt: null, reachedMinimumAt: at(86_400), status: 'active' });
  });
});
