import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { PrismaIndexedEventRepository } from '../../../src/db/indexed-event.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../../../src/db/round.repository.js';
import type { ChainEvent } from '../../../src/domain/ports/chain-events.js';
import type { Page, PageRequest } from '../../../src/domain/shared/page.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let delegations: PrismaDelegationRepository;
let rounds: PrismaRoundRepository;
let events: PrismaIndexedEventRepository;

beforeAll(async () => {
  db = await createTestDatabase('paged_reads');
  prisma = createPrismaClient(db.url);
  delegations = new PrismaDelegationRepository(prisma);
  rounds = new PrismaRoundRepository(prisma);
  events = new PrismaIndexedEventRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** Every page of a keyset read, following `next` to the end. */
async function allPages<T>(read: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await read({ limit, after });
    pages.push(page.items);
    after = page.next;
  } while (after !== null && pages.length < 100);
  return pages;
}

const stash = (n: number) => `S${String(n).padStart(47, '0')}`;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

async function delegationWithHistory(n: number, changes: number) {
  const statuses = ['pending', 'active'] as const;
  let from: 'pending' | 'active' | null = null;
  for (let i = 0; i < changes; i++) {
    const to = statuses[i % 2]!;
    await delegations.transition({
      stash: stash(n),
      expectedFrom: from,
      to,
      reason: `change ${i}`,
      source: 'watcher',
      at: new Date(),
    });
    from = to;
  }
  return (await delegations.findByStash(stash(n)))!;
}

describe('paged reads on PostgreSQL', () => {
  it("a delegation's history: pages in order, a change made meanwhile comes on a later page, none twice", async () => {
    const d = await delegationWithHistory(1, 5);
    const first = await delegations.historyPage(d.id, { limit: 2, after: null });
    expect(first.items.map((e) => e.reason)).toEqual(['change 0', 'change 1']);
    await delegations.transition({
      stash: d.stash,
      expectedFrom: 'pending',
      to: 'active',
      reason: 'change 5',
      source: 'watcher',
      at: new Date(),
    });
    const second = await delegations.historyPage(d.id, { limit: 2, after: first.next });
    const third = await delegations.historyPage(d.id, { limit: 2, after: second.next });
    expect([...second.items, ...third.items].map((e) => e.reason)).toEqual([
      'change 2',
      'change 3',
      'change 4',
      'change 5',
    ]);
    expect(third.next).toBeNull();
    // An exact fit ends with next = null, not with an empty page.
    const pages = await allPages((page) => delegations.historyPage(d.id, page), 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3]);
    expect(await codeOf(delegations.historyPage(d.id, { limit: 2, after: 'abc' }))).toBe('INVALID_CURSOR');
  });

  it("a round's selections: pages in plan order", async () => {
    const round = await prisma.round.create({
      data: { trigger: 'admin', dryRun: true, status: 'completed', targetsPerDelegator: 4, rotationEras: 28 },
    });
    const members = [];
    for (let n = 10; n < 17; n++) members.push(await delegationWithHistory(n, 1));
    await prisma.roundSelection.createMany({
      data: members.map((m) => ({
        roundId: round.id,
        delegationId: m.id,
        stash: m.stash,
        reason: 'new',
        keptTargets: [],
        drawnTargets: ['A'],
        targets: ['A'],
        status: 'dry_run' as const,
      })),
    });
    const pages = await allPages((page) => rounds.selectionsPage(round.id.toString(), page), 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((s) => s.stash)).toEqual(
      (await rounds.selections(round.id.toString())).map((s) => s.stash),
    );
    expect(pages.flat().map((s) => s.stash)).toEqual(members.map((m) => m.stash));
    // The round log counts each round's selections in one query; a round without any counts 0.
    const empty = await prisma.round.create({
      data: { trigger: 'admin', dryRun: true, status: 'skipped', targetsPerDelegator: 4, rotationEras: 28 },
    });
    const counts = await rounds.selectionCounts([round.id.toString(), empty.id.toString()]);
    expect([...counts]).toEqual([
      [round.id.toString(), 7],
      [empty.id.toString(), 0],
    ]);
  });

  it('rewards: pages in chain order (block, then event key) within the era range; the total covers them all', async () => {
    const account = stash(30);
    const rewarded = (key: string, era: number, amount: bigint): ChainEvent =>
      ({
        key,
        kind: 'rewarded',
        account,
        extrinsicIndex: null,
        extrinsicHash: null,
        signer: null,
        amount,
        era,
        validator: `V${key}`,
        detail: { dest: 'Staked' },
      }) as ChainEvent;
    await events.saveBlock({ hash: '0x01', number: 100 }, [
      rewarded('e2', 1, 10n),
      rewarded('e10', 1, 20n),
      rewarded('e1', 1, 30n),
    ]);
    await events.saveBlock({ hash: '0x02', number: 101 }, [rewarded('e1', 2, 40n)]);
    await events.saveBlock({ hash: '0x03', number: 102 }, [rewarded('e5', 3, 50n), rewarded('x1.0', 3, 60n)]);
    const all = { fromEra: null, toEra: null };
    const pages = await allPages((page) => events.rewardsPage(account, all, page), 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(pages.flat()).toEqual(await events.rewards(account, all));
    expect(await events.rewardTotal(account, all)).toBe(210n);

    const eras2to3 = { fromEra: 2, toEra: 3 };
    const ranged = await allPages((page) => events.rewardsPage(account, eras2to3, page), 2);
    expect(ranged.flat().map((r) => r.amount)).toEqual([40n, 50n, 60n]);
    expect(await events.rewardTotal(account, eras2to3)).toBe(150n);
    expect(await events.rewardTotal(stash(31), all)).toBe(0n);
    expect(await codeOf(events.rewardsPage(account, all, { limit: 2, after: '12' }))).toBe('INVALID_CURSOR');
  });
});
