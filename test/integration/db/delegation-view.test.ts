import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient, sqlRows } from '../../../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../../../src/db/round.repository.js';
import { viewFromParts, type DelegationViewParts } from '../../../src/domain/delegation/delegation-view.js';
import type { PageRequest } from '../../../src/domain/shared/page.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

/**
 * The status page's one-statement read (sqlRows, past Prisma) against the three repository reads it
 * replaces: the same delegation, history pages, cursors and selections, field for field.
 */

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let delegations: PrismaDelegationRepository;
let parts: DelegationViewParts;

beforeAll(async () => {
  db = await createTestDatabase('delegation_view');
  prisma = createPrismaClient(db.url);
  delegations = new PrismaDelegationRepository(prisma);
  const rounds = new PrismaRoundRepository(prisma);
  parts = {
    findByStash: (s) => delegations.findByStash(s),
    historyPage: (id, page) => delegations.historyPage(id, page),
    selectionsOfDelegation: (id, limit) => rounds.selectionsOfDelegation(id, limit),
  };
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const stash = (n: number) => `V${String(n).padStart(47, '0')}`;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

/** A delegation with `changes` status changes and a selection in each of `rounds` rounds, every field filled somewhere. */
async function delegationWith(n: number, changes: number, rounds: number) {
  let from: 'pending' | 'active' | null = null;
  for (let i = 0; i < changes; i++) {
    const to = i % 2 === 0 ? ('pending' as const) : ('active' as const);
    await delegations.transition({
      stash: stash(n),
      expectedFrom: from,
      to,
      reason: `change ${i}: "quoted" \u00e9 \\ back`,
      source: i === 0 ? 'api' : 'watcher',
      // Milliseconds at the edges of a second and of a day.
      at: new Date(Date.UTC(2026, 10, 28, 23, 59, 59, i === 0 ? 999 : i)),
    });
    from = to;
  }
  const row = await prisma.delegation.update({
    where: { stash: stash(n) },
    data: { targets: ['T1', 'T2'], drawnInEra: 7, nominatedAt: new Date('2026-11-29T00:00:00.001Z') },
  });
  for (let r = 0; r < rounds; r++) {
    const round = await prisma.round.create({
      data: { trigger: 'era', dryRun: false, status: 'completed', targetsPerDelegator: 4, rotationEras: 28 },
    });
    await prisma.roundSelection.create({
      data: {
        roundId: round.id,
        delegationId: row.id,
        stash: row.stash,
        reason: r % 3 === 0 ? 'new' : 'rotation',
        detail: r % 2 === 0 ? null : `detail ${r} "x"`,
        keptTargets: r % 2 === 0 ? [] : ['K1'],
        drawnTargets: ['D1', `D${r}`],
        targets: ['K1', 'D1', `D${r}`],
        batchIndex: r % 4 === 0 ? null : r,
        status: r % 2 === 0 ? 'succeeded' : 'failed',
        error: r % 2 === 0 ? null : 'Staking.TooManyTargets',
        extrinsicHash: r % 2 === 0 ? `0x${r.toString(16).padStart(64, '0')}` : null,
        blockHash: r % 2 === 0 ? `0x${'b'.repeat(64)}` : null,
        blockNumber: r % 2 === 0 ? 1000 + r : null,
      },
    });
  }
  return row;
}

describe('the delegation view in one statement', () => {
  it('equals its three reads: every history page by cursor, the newest selections first', async () => {
    await delegationWith(1, 7, 23);
    for (const limit of [1, 3, 7, 50]) {
      let after: string | null = null;
      let pages = 0;
      do {
        const page: PageRequest = { limit, after };
        const one = await delegations.view(stash(1), page, 20);
        expect(one).toEqual(await viewFromParts(parts, stash(1), page, 20));
        after = one!.history.next;
        pages++;
      } while (after !== null);
      expect(pages).toBe(Math.max(1, Math.ceil(7 / limit)));
    }
    const view = await delegations.view(stash(1), { limit: 50, after: null }, 20);
    expect(view!.selections).toHaveLength(20);
    expect(view!.history.items).toHaveLength(7);
    expect(view!.delegation.nominatedAt?.toISOString()).toBe('2026-11-29T00:00:00.001Z');
    expect(view!.history.items[0]!.at.toISOString()).toBe('2026-11-28T23:59:59.999Z');
    expect(await delegations.view(stash(1), { limit: 2, after: null }, 5)).toEqual(
      await viewFromParts(parts, stash(1), { limit: 2, after: null }, 5),
    );
  });

  it('a delegation without selections, and one never nominated', async () => {
    await delegationWith(2, 1, 0);
    await prisma.delegation.update({ where: { stash: stash(2) }, data: { nominatedAt: null, drawnInEra: null } });
    const view = await delegations.view(stash(2), { limit: 10, after: null }, 20);
    expect(view).toEqual(await viewFromParts(parts, stash(2), { limit: 10, after: null }, 20));
    expect(view!.selections).toEqual([]);
    expect(view!.delegation.nominatedAt).toBeNull();
  });

  it('no delegation is null whatever the cursor; a bad cursor of a known stash is INVALID_CURSOR', async () => {
    await delegationWith(3, 2, 1);
    expect(await delegations.view(stash(999), { limit: 10, after: null }, 20)).toBeNull();
    expect(await delegations.view(stash(999), { limit: 10, after: 'abc' }, 20)).toBeNull();
    expect(await codeOf(delegations.view(stash(3), { limit: 10, after: 'abc' }, 20))).toBe('INVALID_CURSOR');
    expect(await codeOf(viewFromParts(parts, stash(3), { limit: 10, after: 'abc' }, 20))).toBe('INVALID_CURSOR');
    // A cursor past the end: an empty page, as the paged read gives.
    expect(await delegations.view(stash(3), { limit: 10, after: '999999999' }, 20)).toEqual(
      await viewFromParts(parts, stash(3), { limit: 10, after: '999999999' }, 20),
    );
  });

  it('is a statement each connection prepares once: later lookups send no new parse, and still read what changed', async () => {
    // One connection, so that the session whose prepared statements are listed is the lookups' own.
    const single = createPrismaClient(db.url, { maxConnections: 1 });
    const singleDelegations = new PrismaDelegationRepository(single);
    const prepared = () =>
      sqlRows<{ name: string; calls: number }>(
        single,
        `SELECT name, (generic_plans + custom_plans)::int AS calls FROM pg_prepared_statements ORDER BY name`,
        [],
      );
    try {
      await delegationWith(4, 1, 1);
      expect(await prepared()).toEqual([]);
      for (let i = 0; i < 3; i++) await singleDelegations.view(stash(4), { limit: 10, after: null }, 20);
      expect(await prepared()).toEqual([{ name: 'ndest_delegation_view', calls: 3 }]);
      // The plan is kept, the data is not: a change made since is in the next answer.
      await delegations.transition({
        stash: stash(4),
        expectedFrom: 'pending',
        to: 'active',
        reason: 'after the statement was prepared',
        source: 'watcher',
        at: new Date(Date.UTC(2026, 10, 30)),
      });
      const view = await singleDelegations.view(stash(4), { limit: 10, after: null }, 20);
      expect(view!.delegation.status).toBe('active');
      expect(view).toEqual(await viewFromParts(parts, stash(4), { limit: 10, after: null }, 20));
    } finally {
      await single.$disconnect();
    }
  });
});
