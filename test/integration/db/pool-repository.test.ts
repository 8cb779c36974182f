import { afterAll, beforeAll } from 'vitest';
import { PrismaPoolRepository } from '../../../src/db/pool.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { poolRepositoryContract } from '../../support/pool-repository.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: PrismaPoolRepository;

beforeAll(async () => {
  db = await createTestDatabase('pool_repo');
  prisma = createPrismaClient(db.url);
  repo = new PrismaPoolRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

poolRepositoryContract('PostgreSQL', async () => ({
  repo,
  createRole: async (name) => {
    await prisma.role.create({ data: { name } });
  },
  setAccount: async (pool, account) => {
    await prisma.spendingPool.update({ where: { name: pool }, data: { account } });
  },
  payOwed: async (pool) => {
    await prisma.poolPayoutLine.updateMany({
      where: { pool: { name: pool }, status: 'owed' },
      data: { status: 'paid' },
    });
  },
}));
