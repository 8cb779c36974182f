/**
 * A round's plan stored in chunks, and the active delegations read in pages, on PostgreSQL: every
 * row once, and all or nothing when a chunk fails midway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../../../src/db/round.repository.js';
import type { RoundPlan } from '../../../src/domain/rounds/round.repository.js';
import { DEFAULT_PACING, readInPages } from '../../../src/domain/rounds/pacing.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let delegations: PrismaDelegationRepository;
let ids: string[];

const COUNT = 23;

beforeAll(async () => {
  db = await createTestDatabase('round_plan_store');
  prisma = createPrismaClient(db.url);
  delegations = new PrismaDelegationRepository(prisma);
  // Three creation instants for 23 delegations: ties on createdAt are broken by id.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", targets, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'S' || i, 'active', 'test', now(), '{}', timestamp '2026-01-01' + (i % 3) * interval '1 second', now()
     FROM generate_series(1, $1::int) AS i`,
    COUNT,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", targets, "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'P' || i, 'pending', 'test', now(), '{}', now(), now() FROM generate_series(1, 4) AS i`,
  );
  const active = await prisma.delegation.findMany({
    where: { status: 'active' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  ids = active.map((d) => d.id);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const planOf = (delegationIds: string[]): RoundPlan => ({
  activeEra: 7,
  seed: `0x${'ab'.repeat(32)}`,
  seedBlockHash: `0x${'cd'.repeat(32)}`,
  snapshotId: '0',
  note: null,
  selections: delegationIds.map((delegationId, i) => ({
    delegationId,
    stash: `S-${i}`,
    reason: 'new',
    detail: i % 2 ? null : `detail ${i} with "quotes", a comma and ünïcode`,
    keptTargets: i % 3 ? [] : ['K1'],
    drawnTargets: ['T1', 'T2', `T${i}`],
    targets: i % 3 ? ['T1', 'T2', `T${i}`] : ['K1', 'T1', 'T2', `T${i}`],
    batchIndex: Math.floor(i / 5),
  })),
  batchSizes: [5, 5, 5, 5, 3],
});

async function planningRound(): Promise<{ id: string; plan: RoundPlan }> {
  const snapshot = await prisma.candidateSnapshot.create({
    data: {
      source: 'test',
      fetchedAt: new Date(),
      activeEra: 7,
      atBlockHash: `0x${'00'.repeat(32)}`,
      atBlockNumber: 1,
      commissionCap: 0,
      evaluations: [],
      rejected: [],
      eligibleCount: 0,
    },
  });
  const round = await prisma.round.create({
    data: { trigger: 'admin', dryRun: false, status: 'planning', targetsPerDelegator: 4, rotationEras: 28 },
  });
  return { id: round.id.toString(), plan: { ...planOf(ids), snapshotId: snapshot.id.toString() } };
}

describe('PrismaDelegationRepository.pageByStatus', () => {
  it('reads every active delegation once, oldest first (then by id), page after page', async () => {
    for (const pageSize of [1, 4, 23, 100]) {
      const read = await readInPages(delegations, ['active'], { ...DEFAULT_PACING, pageSize });
      expect(read.map((d) => d.id)).toEqual(ids);
    }
    // listByStatus's order, ties aside.
    const listed = await delegations.listByStatus(['active']);
    expect(listed.map((d) => +d.createdAt)).toEqual(listed.map((d) => +d.createdAt).sort((x, y) => x - y));
    expect(new Set(listed.map((d) => d.id))).toEqual(new Set(ids));
  });
});

describe('PrismaRoundRepository.savePlan in chunks', () => {
  it('stores every selection, field for field, in plan order, and the batches', async () => {
    const { id, plan } = await planningRound();
    await new PrismaRoundRepository(prisma, { selectionChunk: 4 }).savePlan(id, plan, false, new Date());
    const repo = new PrismaRoundRepository(prisma);
    const stored = await repo.selections(id);
    expect(
      stored.map(({ delegationId, stash, reason, detail, keptTargets, drawnTargets, targets, batchIndex }) => ({
        delegationId,
        stash,
        reason,
        detail,
        keptTargets,
        drawnTargets,
        targets,
        batchIndex,
      })),
    ).toEqual(plan.selections);
    expect(stored.every((s) => s.status === 'planned' && s.error === null && s.extrinsicHash === null)).toBe(true);
    expect((await repo.batches(id)).map((b) => b.itemCount)).toEqual(plan.batchSizes);
    expect((await repo.get(id))!.status).toBe('planned');
  });

  it('stores a dry run as dry_run selections of a completed round', async () => {
    const { id, plan } = await planningRound();
    await new PrismaRoundRepository(prisma, { selectionChunk: 7 }).savePlan(id, plan, true, new Date());
    const stored = await new PrismaRoundRepository(prisma).selections(id);
    expect(stored).toHaveLength(COUNT);
    expect(stored.every((s) => s.status === 'dry_run')).toBe(true);
    expect((await prisma.round.findUniqueOrThrow({ where: { id: BigInt(id) } })).status).toBe('completed');
  });

  it('stores nothing when a chunk fails midway: the round stays planning, without selections nor batches', async () => {
    const { id, plan } = await planningRound();
    // The 18th selection names no delegation: the fifth chunk of four fails on its foreign key.
    const broken = plan.selections.map((s, i) =>
      i === 17 ? { ...s, delegationId: '00000000-0000-4000-8000-000000000000' } : s,
    );
    await expect(
      new PrismaRoundRepository(prisma, { selectionChunk: 4 }).savePlan(
        id,
        { ...plan, selections: broken },
        false,
        new Date(),
      ),
    ).rejects.toThrow();
    expect(await prisma.roundSelection.count({ where: { roundId: BigInt(id) } })).toBe(0);
    expect(await prisma.roundBatch.count({ where: { roundId: BigInt(id) } })).toBe(0);
    expect((await prisma.round.findUniqueOrThrow({ where: { id: BigInt(id) } })).status).toBe('planning');
    // …and the same plan, whole, is stored afterwards.
    await new PrismaRoundRepository(prisma, { selectionChunk: 4 }).savePlan(id, plan, false, new Date());
    expect(await prisma.roundSelection.count({ where: { roundId: BigInt(id) } })).toBe(COUNT);
  });
});
