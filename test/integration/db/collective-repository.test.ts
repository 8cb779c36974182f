import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCollectiveRepository } from '../../../src/db/collective.repository.js';
import { PrismaRoleRepository } from '../../../src/db/role.repository.js';
import { asTransaction } from '../../../src/db/governance-transaction.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { toPlanck } from '../../../src/db/mappers.js';
import { collectiveRepositoryContract, collectiveSettings } from '../../support/collective-repository.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: PrismaCollectiveRepository;

beforeAll(async () => {
  db = await createTestDatabase('coll_repo');
  prisma = createPrismaClient(db.url);
  repo = new PrismaCollectiveRepository(prisma);
  await prisma.token.createMany({
    data: [
      { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true },
      { denom: 'USDT', kind: 'asset', assetId: 1984n, decimals: 6, rate: '1', staking: false },
    ],
  });
  // The roles the contract's fixed settings name.
  await prisma.role.createMany({ data: ['stakers', 'board', 'r'].map((name) => ({ name })) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

collectiveRepositoryContract('PostgreSQL', async () => ({
  repo,
  setAccount: async (name, account, endowment) => {
    await prisma.stakingCollective.update({
      where: { name },
      data: { account, endowment, endowed: endowment > 0n },
    });
  },
  setTransferStatus: async (name, status) => {
    await prisma.collectiveTransfer.updateMany({ where: { collective: { name } }, data: { status } });
  },
  addEndowTransfer: async (name, denom, amount) => {
    const c = await prisma.stakingCollective.findUniqueOrThrow({ where: { name } });
    await prisma.collectiveTransfer.create({
      data: {
        collectiveId: c.id,
        kind: 'endow',
        address: c.account ?? 'operator',
        denom,
        amount: amount.toString(),
        status: 'paid',
        createdAt: new Date(0),
      },
    });
  },
  allTransfers: async (name) => {
    const rows = await prisma.collectiveTransfer.findMany({ where: { collective: { name } }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      kind: r.kind,
      denom: r.denom,
      amount: toPlanck(r.amount)!,
      status: r.status,
      assetId: r.assetId === null ? null : Number(r.assetId),
    }));
  },
  payeeChanges: async (name) => {
    const rows = await prisma.collectivePayeeChange.findMany({
      where: { collective: { name } },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({
      stash: r.stash,
      kind: r.kind,
      payee: r.payee as never,
      status: r.status,
    }));
  },
  inTransaction: (work) => prisma.$transaction((tx) => work(asTransaction(tx))),
  createRoles: async (names) =>
    void (await prisma.role.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true })),
}));

describe('PrismaCollectiveRepository (PostgreSQL only)', () => {
  it('rolls the change back with the governance transaction it joined', async () => {
    const creator = `stash-${Date.now()}`;
    const c = await repo.create(
      {
        name: `rb-${Date.now()}`,
        creator,
        settings: collectiveSettings(),
        bondingDeadline: 0,
        contribution: { address: creator, bonds: [{ denom: 'KSM', amount: 1n }], previousPayee: null, at: new Date() },
        at: new Date(),
      },
      { address: creator, nonce: `n-${Date.now()}`, action: 'collective.create' },
    );
    const boom = prisma.$transaction(async (tx) => {
      await repo.withCollectiveIn(asTransaction(tx), c.name, (u) => u.setPaused(true));
      throw new Error('the enactment failed');
    });
    await expect(boom).rejects.toThrow('the enactment failed');
    expect((await repo.byName(c.name))!.paused).toBe(false);
    // Stored SQL NULL, not JSON null, when no destination was read.
    const row = await prisma.collectiveContributor.findFirstOrThrow({ where: { collectiveId: BigInt(c.id) } });
    expect(row.previousPayee).toBeNull();
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(repo.names({ limit: 1, after: "x' OR 1=1" })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(repo.rewards('1', { limit: 1, after: 'abc' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('keeps a role a collective names from being deleted, and refuses a role that is gone', async () => {
    const tag = Date.now().toString(36);
    await prisma.role.createMany({ data: [{ name: `own-${tag}` }, { name: `dep-${tag}` }] });
    const creator = `stash-r-${tag}`;
    const input = (name: string, ownerRole: string) => ({
      name,
      creator,
      settings: collectiveSettings({
        ownersWhitelist: { roles: [ownerRole], accounts: [] },
        depositWhitelist: { any: false, roles: [`dep-${tag}`], accounts: [] },
      }),
      bondingDeadline: 0,
      contribution: { address: creator, bonds: [{ denom: 'KSM', amount: 1n }], previousPayee: null, at: new Date() },
      at: new Date(),
    });
    await repo.create(input(`roles-${tag}`, `own-${tag}`), {
      address: creator,
      nonce: `r1-${tag}`,
      action: 'collective.create',
    });
    const roles = new PrismaRoleRepository(prisma);
    expect(await roles.usesOf(`own-${tag}`)).toEqual([{ kind: 'collective', name: `roles-${tag}`, as: 'owner' }]);
    expect(await roles.usesOf(`dep-${tag}`)).toEqual([{ kind: 'collective', name: `roles-${tag}`, as: 'depositor' }]);
    const other = `stash-r2-${tag}`;
    await expect(
      repo.create(
        {
          ...input(`gone-${tag}`, `missing-${tag}`),
          creator: other,
          contribution: { ...input('', '').contribution, address: other },
        },
        { address: other, nonce: `r2-${tag}`, action: 'collective.create' },
      ),
    ).rejects.toMatchObject({ code: 'ROLE_NOT_FOUND' });
    expect(await repo.byName(`gone-${tag}`)).toBeNull();
  });
});
