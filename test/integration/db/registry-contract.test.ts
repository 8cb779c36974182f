import { afterAll, beforeAll, describe } from 'vitest';
import { PrismaNetworkPropertiesRepository } from '../../../src/db/network-properties.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoleRepository } from '../../../src/db/role.repository.js';
import { PrismaTokenRepository } from '../../../src/db/token.repository.js';
import { registryContract } from '../../support/registry-contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;

beforeAll(async () => {
  db = await createTestDatabase('registry');
  prisma = createPrismaClient(db.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** A spending pool row with the fields a role's uses are read from; the rest are placeholders. */
async function pool(name: string) {
  const existing = await prisma.spendingPool.findUnique({ where: { name } });
  if (existing) return existing;
  return prisma.spendingPool.create({
    data: {
      name,
      creator: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      ownerAccounts: [],
      ownerRoles: [],
      claimStart: 0n,
      claimEnd: 0n,
      claimExpire: 0n,
      voteQuorum: '0.5',
      votePeriod: 3600,
      voteEnactment: 0,
      dynamicRate: false,
      accountIndex: 0,
      createdAt: new Date(),
    },
  });
}

describe('Prisma registry repositories on PostgreSQL', () => {
  registryContract(async () => {
    await prisma.spendingPool.deleteMany();
    await prisma.role.deleteMany();
    await prisma.token.deleteMany();
    await prisma.networkProperties.deleteMany();
    return {
      tokens: new PrismaTokenRepository(prisma),
      roles: new PrismaRoleRepository(prisma),
      networkProperties: new PrismaNetworkPropertiesRepository(prisma),
      nameRoleInPool: async (role, name, as) => {
        const p = await pool(name);
        if (as === 'owner')
          await prisma.spendingPool.update({ where: { id: p.id }, data: { ownerRoles: { push: role } } });
        else await prisma.poolBeneficiary.create({ data: { poolId: p.id, kind: 'role', name: role, weight: '1' } });
      },
    };
  });
});
