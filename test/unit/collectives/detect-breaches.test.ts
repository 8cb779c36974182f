import { beforeEach, describe, expect, it } from 'vitest';
import { parseCollectiveSettings } from '../../../src/domain/collectives/collective-settings.js';
import { detectBreaches, type BreachDeps } from '../../../src/domain/collectives/detect-breaches.use-case.js';
import { collectiveHarness, KSM, type CollectiveHarness } from '../../support/collective-fakes.js';

const NOW = 1_900_000_000;
const BLOCK = { hash: '0xb', number: 7 };

describe('detectBreaches', () => {
  let h: CollectiveHarness;
  let payeeSet: Set<string>;
  let deps: BreachDeps;
  const stored = async () => (await h.collectives.byName('alpha'))!;

  beforeEach(async () => {
    h = collectiveHarness(new Date(NOW * 1000));
    payeeSet = new Set(['carol', 'dave']);
    deps = {
      collectives: h.collectives,
      registries: h.registries,
      delegations: h.delegations,
      stakes: h.stakes,
      payees: { payeeSetOn: async (_id, stashes) => new Set(stashes.filter((s) => payeeSet.has(s))) },
      clock: h.clock,
      operator: () => 'operator',
    };
    const settings = await parseCollectiveSettings(
      { spendingPools: [{ name: 'garden', share: '1' }], depositWhitelist: { any: true, roles: [], accounts: [] } },
      { codec: h.deps.codec, registries: h.registries, now: NOW },
    );
    const at = new Date(NOW * 1000);
    await h.collectives.create(
      {
        name: 'alpha',
        creator: 'carol',
        settings,
        bondingDeadline: NOW + 86_400,
        contribution: {
          address: 'carol',
          bonds: [{ denom: 'KSM', amount: 60n * KSM }],
          previousPayee: { kind: 'Staked' },
          at,
        },
        at,
      },
      { address: 'carol', nonce: 'carol-nonce-0123456789', action: 'collective.create' },
    );
    await h.collectives.withCollective('alpha', (u) =>
      u.saveContribution({
        address: 'dave',
        bonds: [{ denom: 'KSM', amount: 50n * KSM }],
        previousPayee: { kind: 'Stash' },
        at,
      }),
    );
    h.collectives.setAccount('alpha', 'alpha-account');
    for (const stash of ['carol', 'dave'])
      h.stakes.set(stash, { payee: { kind: 'Account', account: 'alpha-account' } });
  });

  it('leaves kept commitments alone, and records a breach of the touched stash within its block, publicly, recomputing the status', async () => {
    expect(await detectBreaches(deps, ['carol', 'dave', 'stranger'], BLOCK)).toEqual([]);
    // 100 KSM × 10 base units: the minimum of 1,000 is reached with both.
    h.stakes.set('dave', { active: 49n * KSM });
    expect(await detectBreaches(deps, ['dave'], BLOCK)).toMatchObject([
      { address: 'dave', kind: 'unbonded', block: BLOCK, at: new Date(NOW * 1000) },
    ]);
    const c = await stored();
    expect(await h.collectives.breaches(c.id)).toMatchObject([{ address: 'dave', kind: 'unbonded', block: BLOCK }]);
    expect((await h.collectives.contributors(c.id)).map((x) => [x.address, x.status, x.bonds.length])).toEqual([
      ['carol', 'counting', 1],
      ['dave', 'breached', 0],
    ]);
    // 60 KSM × 10 < 1,000: inactive now.
    expect(c.status).toBe('inactive');
    // Its destination goes home (the batch checks the chain before it sends): it still delegates.
    expect(h.collectives.payeeChanges('alpha').at(-1)).toMatchObject({
      stash: 'dave',
      kind: 'restore',
      payee: { kind: 'Stash' },
    });
    // Breached once: it no longer counts, so nothing more is found.
    expect(await detectBreaches(deps, ['dave'], BLOCK)).toEqual([]);
  });

  it('finds, in the periodic pass over every counting stash, what no block reported: an opt-out through the API', async () => {
    h.delegations.statuses.set('carol', 'opted_out');
    const found = await detectBreaches(deps, 'all');
    expect(found).toMatchObject([{ address: 'carol', kind: 'left_ndest', block: { hash: '0xhead', number: 1 } }]);
    // Left NDeST: the user's choice wins, nothing is queued for its stash.
    expect(h.collectives.payeeChanges('alpha').filter((p) => p.kind === 'restore')).toEqual([]);
  });

  it('sees a destination moved away only once the operator had set it', async () => {
    h.stakes.set('dave', { payee: { kind: 'Staked' } });
    payeeSet.delete('dave');
    expect(await detectBreaches(deps, ['dave'], BLOCK)).toEqual([]);
    payeeSet.add('dave');
    expect(await detectBreaches(deps, ['dave'], BLOCK)).toMatchObject([{ address: 'dave', kind: 'payee_changed' }]);
  });

  it('checks no stash of a removed collective', async () => {
    await h.collectives.withCollective('alpha', (u) => u.markRemoved('test', new Date(NOW * 1000)));
    h.delegations.statuses.set('carol', 'revoked');
    expect(await detectBreaches(deps, 'all')).toEqual([]);
  });
});
