import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: PrismaDelegationRepository;

beforeAll(async () => {
  db = await createTestDatabase('delegation_repo');
  prisma = createPrismaClient(db.url);
  repo = new PrismaDelegationRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const optIn = (stash: string, nonce: string) =>
  repo.transition({
    stash,
    expectedFrom: null,
    to: 'pending',
    reason: 'opted in',
    source: 'api',
    at: new Date(),
    nonce: { address: stash, nonce, action: 'opt-in' },
  });

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe('PrismaDelegationRepository.transition on PostgreSQL', () => {
  it('lets one of concurrent opt-ins of a stash win; the others are DELEGATION_EXISTS, their nonces unused', async () => {
    const stash = 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F';
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => codeOf(optIn(stash, `concurrent-nonce-${i}-0123456789`))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'DELEGATION_EXISTS')).toHaveLength(3);
    expect(await prisma.delegation.count({ where: { stash } })).toBe(1);
    expect(await prisma.delegationEvent.count({ where: { delegation: { stash } } })).toBe(1);
    // A failed request writes nothing: only the winner's nonce is spent.
    expect(await prisma.usedNonce.count({ where: { address: stash } })).toBe(1);
  });

  it('refuses a nonce used before with NONCE_REPLAYED, writing nothing', async () => {
    const stash = 'FoQJpPyadYccjavVdTWxpxU7rUEaYhfLCPwXgkfD6Zat9QP';
    expect(await codeOf(optIn(stash, 'replayed-nonce-0123456789'))).toBe('ok');
    await prisma.delegation.update({ where: { stash }, data: { status: 'opted_out' } });
    const again = repo.transition({
      stash,
      expectedFrom: 'opted_out',
      to: 'pending',
      reason: 'opted in again',
      source: 'api',
      at: new Date(),
      nonce: { address: stash, nonce: 'replayed-nonce-0123456789', action: 'opt-in' },
    });
    expect(await codeOf(again)).toBe('NONCE_REPLAYED');
    expect((await prisma.delegation.findUnique({ where: { stash } }))?.status).toBe('opted_out');
  });

  it('creates a first delegation with its event and spent nonce in one write, fields as a Prisma create sets them', async () => {
    const stash = 'GtGGqmjQeRt7Q5ggrjmSHsEEfeXUMvPuF8mLun2ApaiotVr';
    const at = new Date('2026-01-02T03:04:05.678Z');
    const created = await repo.transition({
      stash,
      expectedFrom: null,
      to: 'pending',
      reason: 'opted in by a signed request',
      source: 'api',
      at,
      nonce: { address: stash, nonce: 'first-opt-in-0123456789', action: 'opt-in' },
    });
    expect(created).toMatchObject({
      stash,
      status: 'pending',
      statusReason: 'opted in by a signed request',
      statusSince: at,
      targets: [],
      drawnInEra: null,
      nominatedAt: null,
    });
    const row = await prisma.delegation.findUniqueOrThrow({ where: { stash } });
    expect(row).toMatchObject({ id: created.id, statusSince: at, targets: [] });
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.updatedAt.getTime()).toBe(row.createdAt.getTime());
    expect(await repo.history(created.id)).toEqual([
      { fromStatus: null, toStatus: 'pending', reason: 'opted in by a signed request', source: 'api', at },
    ]);
    expect(
      await prisma.usedNonce.findMany({ where: { address: stash }, select: { nonce: true, action: true } }),
    ).toEqual([{ nonce: 'first-opt-in-0123456789', action: 'opt-in' }]);
  });

  it('refuses a replayed nonce on a first opt-in with NONCE_REPLAYED, creating nothing', async () => {
    const stash = 'DbF59HrqrrPh9L2Fi4EBd7gn4xFUSXmrE6zyMzf3pETXLvg';
    const spentBy = 'J4sW13h2HNerfxTzPGpLT66B3HVvuU32S6upxwSeFJQnAzg';
    const nonce = 'spent-elsewhere-0123456789';
    // The same nonce spent by the same address on another action first.
    await prisma.usedNonce.create({ data: { address: spentBy, nonce, action: 'opt-out' } });
    expect(
      await codeOf(
        repo.transition({
          stash: spentBy,
          expectedFrom: null,
          to: 'pending',
          reason: 'opted in',
          source: 'api',
          at: new Date(),
          nonce: { address: spentBy, nonce, action: 'opt-in' },
        }),
      ),
    ).toBe('NONCE_REPLAYED');
    expect(await prisma.delegation.count({ where: { stash: spentBy } })).toBe(0);
    expect(await prisma.usedNonce.count({ where: { address: spentBy } })).toBe(1);
    // The same nonce is still fine for another address.
    expect(await codeOf(optIn(stash, nonce))).toBe('ok');
  });

  it('refuses a first opt-in of a stash that has a delegation, leaving its nonce unused', async () => {
    const stash = 'Fr4NzY1udSFFLzb2R3qxVQkwz9cZraWkyfH4h3mVVk7BK7P';
    expect(await codeOf(optIn(stash, 'first-of-two-0123456789'))).toBe('ok');
    expect(await codeOf(optIn(stash, 'second-of-two-0123456789'))).toBe('DELEGATION_EXISTS');
    expect(await prisma.usedNonce.count({ where: { address: stash } })).toBe(1);
    expect(await prisma.delegationEvent.count({ where: { delegation: { stash } } })).toBe(1);
  });

  it('creates a delegation without a nonce (a write no signed request authorises)', async () => {
    const stash = 'EaG2CRhJWPb7qmdcJvy3LiWdh26Jreu9Dx6R1rXxPmYXoDk';
    const created = await repo.transition({
      stash,
      expectedFrom: null,
      to: 'manual',
      reason: 'seen on chain',
      source: 'watcher',
      at: new Date(),
    });
    expect(created.status).toBe('manual');
    expect(await prisma.usedNonce.count({ where: { address: stash } })).toBe(0);
  });
});
