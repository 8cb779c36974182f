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
});
