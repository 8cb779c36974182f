import { afterAll, beforeAll } from 'vitest';
import { prismaTransaction } from '../../../src/db/governance-transaction.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaProposalRepository } from '../../../src/db/proposal.repository.js';
import { proposalRepositoryContract } from '../../support/proposal-repository.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: PrismaProposalRepository;

beforeAll(async () => {
  db = await createTestDatabase('proposal_repo');
  prisma = createPrismaClient(db.url);
  repo = new PrismaProposalRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

// A role row stands for a subject's change: any write through the enactment's transaction will do.
proposalRepositoryContract('PostgreSQL', () => ({
  repo,
  writeMarker: async (tx, key) => {
    await prismaTransaction(tx).role.create({ data: { name: key } });
  },
  hasMarker: async (key) => (await prisma.role.findUnique({ where: { name: key } })) !== null,
}));
