import { conflict, notFound } from '../domain/errors.js';
import type {
  DepositRecord,
  PeriodRate,
  PoolLineView,
  PoolRepository,
  PoolUnit,
  TokenBooks,
} from '../domain/pools/pool.repository.js';
import type { PayoutLine, PoolRegistration, PoolSettings, SpendingPool } from '../domain/pools/types.js';
import type { BookCheck } from '../domain/shared/book-check.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type { Address, Planck } from '../domain/shared/types.js';
import type { NonceUse } from '../domain/wallet/authorize.js';
import { bookCheckColumns, toBookCheck } from './book-checks.js';
import { consumeNonce } from './consume-nonce.js';
import { lockRoles } from './role.repository.js';
import { prismaTransaction } from './governance-transaction.js';
import type { Transaction } from '../domain/governance/proposal.repository.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { isUniqueViolation, toPlanck } from './mappers.js';
import { lockByName, LockedUnit, readNamesByAccount } from './owner-rows.js';
import { idCursor, newestFirst, pageById, pageOf } from './page-cursor.js';

type Tx = Prisma.TransactionClient;
const poolInclude = { beneficiaries: true, tokenRates: true } as const;
type PoolRow = Prisma.SpendingPoolGetPayload<{ include: typeof poolInclude }>;

const toPool = (r: PoolRow): SpendingPool => ({
  id: r.id.toString(),
  name: r.name,
  creator: r.creator,
  account: r.account,
  accountIndex: r.accountIndex,
  createdAt: r.createdAt,
  description: r.description,
  claimStart: Number(r.claimStart),
  claimEnd: Number(r.claimEnd),
  claimExpire: Number(r.claimExpire),
  voteQuorum: r.voteQuorum,
  votePeriod: r.votePeriod,
  voteEnactment: r.voteEnactment,
  owners: { roles: r.ownerRoles, accounts: r.ownerAccounts },
  beneficiaries: r.beneficiaries
    .map((b) => ({ kind: b.kind as 'account' | 'role', name: b.name, weight: b.weight }))
    .sort((a, b) => (a.kind + a.name < b.kind + b.name ? -1 : 1)),
  tokenRates: r.tokenRates.map((t) => ({ denom: t.denom, rate: t.rate })).sort((a, b) => (a.denom < b.denom ? -1 : 1)),
  dynamicRate: r.dynamicRate,
  dynamicRatePeriod: r.dynamicRatePeriod,
});

/** Every role a pool's settings name (owners and beneficiaries): they must outlive the change. */
const rolesOf = (s: PoolSettings) => [
  ...s.owners.roles,
  ...s.beneficiaries.filter((b) => b.kind === 'role').map((b) => b.name),
];

const settingsColumns = (s: PoolSettings) => ({
  description: s.description,
  ownerAccounts: s.owners.accounts,
  ownerRoles: s.owners.roles,
  claimStart: BigInt(s.claimStart),
  claimEnd: BigInt(s.claimEnd),
  claimExpire: BigInt(s.claimExpire),
  voteQuorum: s.voteQuorum,
  votePeriod: s.votePeriod,
  voteEnactment: s.voteEnactment,
  dynamicRate: s.dynamicRate,
  dynamicRatePeriod: s.dynamicRatePeriod,
});

const toRegistration = (r: { address: string; registeredAt: Date; lastClaimAt: Date }): PoolRegistration => ({
  address: r.address,
  registeredAt: r.registeredAt,
  lastClaimAt: r.lastClaimAt,
});

/** Books of every token of a pool, from its deposits and payout lines. */
async function booksOf(db: Tx | PrismaClient, poolId: bigint): Promise<Map<string, TokenBooks>> {
  const [deposits, lines] = await Promise.all([
    db.poolDeposit.groupBy({ by: ['denom'], where: { poolId, denom: { not: null } }, _sum: { amount: true } }),
    db.poolPayoutLine.groupBy({ by: ['denom', 'status'], where: { poolId }, _sum: { amount: true } }),
  ]);
  const books = new Map<string, TokenBooks>();
  const of = (denom: string) => {
    let b = books.get(denom);
    if (!b) books.set(denom, (b = { deposited: 0n, paid: 0n, owed: 0n }));
    return b;
  };
  for (const d of deposits) of(d.denom!).deposited += toPlanck(d._sum.amount) ?? 0n;
  for (const l of lines) {
    const amount = toPlanck(l._sum.amount) ?? 0n;
    if (l.status === 'paid') of(l.denom).paid += amount;
    else of(l.denom).owed += amount;
  }
  return books;
}

async function periodDepositsOf(db: Tx | PrismaClient, poolId: bigint, index: number): Promise<Map<string, Planck>> {
  const rows = await db.poolDeposit.groupBy({
    by: ['denom'],
    where: { poolId, periodIndex: index, denom: { not: null } },
    _sum: { amount: true },
  });
  return new Map(rows.map((r) => [r.denom!, toPlanck(r._sum.amount) ?? 0n]));
}

const toPeriodRate = (r: {
  periodIndex: number;
  denom: string;
  deposits: { toFixed(dp?: number): string };
  totalWeight: string;
  rate: string;
}): PeriodRate => ({
  periodIndex: r.periodIndex,
  denom: r.denom,
  deposits: toPlanck(r.deposits)!,
  totalWeight: r.totalWeight,
  rate: r.rate,
});

class PrismaPoolUnit extends LockedUnit implements PoolUnit {
  constructor(
    tx: Tx,
    readonly pool: SpendingPool,
  ) {
    super(tx, pool.id);
  }

  books() {
    return booksOf(this.tx, this.id);
  }

  async registrations() {
    const rows = await this.tx.poolRegistration.findMany({
      where: { poolId: this.id },
      orderBy: { registeredAt: 'asc' },
    });
    return rows.map(toRegistration);
  }

  async register(address: Address, at: Date) {
    try {
      await this.tx.poolRegistration.create({ data: { poolId: this.id, address, registeredAt: at, lastClaimAt: at } });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict('ALREADY_REGISTERED', `${address} is registered in ${this.pool.name} already`);
      throw e;
    }
  }

  async setLastClaim(address: Address, at: Date) {
    await this.tx.poolRegistration.update({
      where: { poolId_address: { poolId: this.id, address } },
      data: { lastClaimAt: at },
    });
  }

  async addLines(lines: PayoutLine[], at: Date) {
    if (lines.length === 0) return;
    await this.tx.poolPayoutLine.createMany({
      data: lines.map((l) => ({
        poolId: this.id,
        address: l.address,
        denom: l.denom,
        amount: l.amount.toString(),
        kind: l.kind,
        accruedFrom: l.accruedFrom,
        accruedTo: l.accruedTo,
        proposalId: l.proposalId === null ? null : BigInt(l.proposalId),
        status: 'owed',
        createdAt: at,
      })),
    });
  }

  async ratedPeriod() {
    const row = await this.tx.spendingPool.findUniqueOrThrow({ where: { id: this.id }, select: { ratedPeriod: true } });
    return row.ratedPeriod;
  }

  async periodRates(fromIndex: number, toIndex: number) {
    const rows = await this.tx.poolPeriodRate.findMany({
      where: { poolId: this.id, periodIndex: { gte: fromIndex, lte: toIndex } },
    });
    return rows.map(toPeriodRate);
  }

  periodDeposits(index: number) {
    return periodDepositsOf(this.tx, this.id, index);
  }

  async setPeriodRates(index: number, rates: PeriodRate[]) {
    if (rates.length > 0)
      await this.tx.poolPeriodRate.createMany({
        data: rates.map((r) => ({
          poolId: this.id,
          periodIndex: index,
          denom: r.denom,
          deposits: r.deposits.toString(),
          totalWeight: r.totalWeight,
          rate: r.rate,
        })),
      });
    await this.tx.spendingPool.update({ where: { id: this.id }, data: { ratedPeriod: index } });
  }

  async bookDeposit(d: DepositRecord, periodIndex: number | null, at: Date) {
    const done = await this.tx.poolDeposit.createMany({
      data: [
        {
          poolId: this.id,
          denom: d.denom,
          assetId: d.assetId === null ? null : BigInt(d.assetId),
          amount: d.amount.toString(),
          from: d.from,
          blockNumber: d.block.number,
          blockHash: d.block.hash,
          eventIndex: d.eventIndex,
          periodIndex,
          bookedAt: at,
        },
      ],
      // Booked once, however often the indexer sees the block again.
      skipDuplicates: true,
    });
    return done.count === 1;
  }

  async updateSettings(s: PoolSettings) {
    await lockRoles(this.tx, rolesOf(s));
    await this.tx.spendingPool.update({ where: { id: this.id }, data: settingsColumns(s) });
    await this.tx.poolBeneficiary.deleteMany({ where: { poolId: this.id } });
    await this.tx.poolBeneficiary.createMany({
      data: s.beneficiaries.map((b) => ({ poolId: this.id, kind: b.kind, name: b.name, weight: b.weight })),
    });
    await this.tx.poolTokenRate.deleteMany({ where: { poolId: this.id } });
    await this.tx.poolTokenRate.createMany({
      data: s.tokenRates.map((t) => ({ poolId: this.id, denom: t.denom, rate: t.rate })),
    });
  }
}

/** The pool's row lock serialises every change of one pool (claims, settlements, deposits, enactments). */
async function lockedPool<T>(tx: Tx, name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T> {
  await lockByName(tx, 'SpendingPool', name, () => notFound('POOL_NOT_FOUND', `no spending pool named ${name}`));
  const row = await tx.spendingPool.findUniqueOrThrow({ where: { name }, include: poolInclude });
  return work(new PrismaPoolUnit(tx, toPool(row)));
}

export class PrismaPoolRepository implements PoolRepository {
  constructor(private readonly db: PrismaClient) {}

  async create(input: { name: string; creator: Address; settings: PoolSettings; at: Date }, nonce: NonceUse) {
    try {
      return await this.db.$transaction(async (tx) => {
        await consumeNonce(tx, nonce);
        await lockRoles(tx, rolesOf(input.settings));
        const created = await tx.spendingPool.create({
          data: {
            name: input.name,
            creator: input.creator,
            createdAt: input.at,
            // Set right below from the id: distinct for 65,536 pools in a row, and the account also
            // depends on the block and extrinsic that create it.
            accountIndex: 0,
            ...settingsColumns(input.settings),
            beneficiaries: {
              create: input.settings.beneficiaries.map((b) => ({ kind: b.kind, name: b.name, weight: b.weight })),
            },
            tokenRates: { create: input.settings.tokenRates.map((t) => ({ denom: t.denom, rate: t.rate })) },
          },
        });
        const row = await tx.spendingPool.update({
          where: { id: created.id },
          data: { accountIndex: Number(created.id % 65_536n) },
          include: poolInclude,
        });
        return toPool(row);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('NAME_TAKEN', `the name ${input.name} is taken`);
      throw e;
    }
  }

  async byName(name: string) {
    const row = await this.db.spendingPool.findUnique({ where: { name }, include: poolInclude });
    return row ? toPool(row) : null;
  }

  async byAccount(account: Address) {
    const row = await this.db.spendingPool.findUnique({ where: { account }, include: poolInclude });
    return row ? toPool(row) : null;
  }

  namesByAccount(accounts: Address[]) {
    return readNamesByAccount(accounts, (where) =>
      this.db.spendingPool.findMany({ where, select: { name: true, account: true } }),
    );
  }

  async names(page: PageRequest): Promise<Page<string>> {
    const after = idCursor(page.after);
    const rows = await this.db.spendingPool.findMany({
      where: after !== null ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: page.limit + 1,
      select: { id: true, name: true },
    });
    return pageOf(
      rows,
      page.limit,
      (r) => r.name,
      (r) => r.id.toString(),
    );
  }

  async namesOf(address: Address, roles: string[]) {
    const rows = await this.db.spendingPool.findMany({
      where: {
        OR: [
          { creator: address },
          { ownerAccounts: { has: address } },
          ...(roles.length > 0 ? [{ ownerRoles: { hasSome: roles } }] : []),
          { beneficiaries: { some: { kind: 'account', name: address } } },
          ...(roles.length > 0 ? [{ beneficiaries: { some: { kind: 'role', name: { in: roles } } } }] : []),
          { registrations: { some: { address } } },
        ],
      },
      orderBy: { id: 'asc' },
      select: { name: true },
    });
    return rows.map((r) => r.name);
  }

  withPool<T>(name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T> {
    return this.db.$transaction((tx) => lockedPool(tx, name, work), { timeout: 60_000, maxWait: 30_000 });
  }

  withPoolIn<T>(tx: Transaction, name: string, work: (unit: PoolUnit) => Promise<T>): Promise<T> {
    return lockedPool(prismaTransaction(tx), name, work);
  }

  async dynamicPoolNames() {
    const rows = await this.db.spendingPool.findMany({
      where: { dynamicRate: true },
      select: { name: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => r.name);
  }

  async accounts() {
    const rows = await this.db.spendingPool.findMany({ select: { name: true, account: true }, orderBy: { id: 'asc' } });
    return rows;
  }

  async registrations(poolId: string) {
    const rows = await this.db.poolRegistration.findMany({
      where: { poolId: BigInt(poolId) },
      orderBy: { registeredAt: 'asc' },
    });
    return rows.map(toRegistration);
  }

  books(poolId: string) {
    return booksOf(this.db, BigInt(poolId));
  }

  async endowment(poolId: string) {
    const row = await this.db.spendingPool.findUniqueOrThrow({
      where: { id: BigInt(poolId) },
      select: { endowment: true, endowed: true },
    });
    return row.endowed ? row.endowment : 0n;
  }

  async unknownDeposits(poolId: string) {
    const rows = await this.db.poolDeposit.groupBy({
      by: ['assetId'],
      where: { poolId: BigInt(poolId), denom: null },
      _sum: { amount: true },
    });
    return rows.map((r) => ({ assetId: Number(r.assetId ?? -1n), amount: toPlanck(r._sum.amount) ?? 0n }));
  }

  async periodRates(poolId: string, fromIndex: number) {
    const rows = await this.db.poolPeriodRate.findMany({
      where: { poolId: BigInt(poolId), periodIndex: { gte: fromIndex } },
      orderBy: [{ periodIndex: 'asc' }, { denom: 'asc' }],
    });
    return rows.map(toPeriodRate);
  }

  periodDeposits(poolId: string, index: number) {
    return periodDepositsOf(this.db, BigInt(poolId), index);
  }

  async lines(poolId: string, page: PageRequest): Promise<Page<PoolLineView>> {
    const rows = await this.db.poolPayoutLine.findMany(newestFirst(page, { poolId: BigInt(poolId) }));
    return pageById(rows, page, (r): PoolLineView => ({
      id: r.id.toString(),
      address: r.address,
      denom: r.denom,
      amount: toPlanck(r.amount)!,
      kind: r.kind as PoolLineView['kind'],
      accruedFrom: r.accruedFrom,
      accruedTo: r.accruedTo,
      proposalId: r.proposalId?.toString() ?? null,
      status: r.status as PoolLineView['status'],
      note: r.note,
      createdAt: r.createdAt,
    }));
  }

  async owedByBeneficiary(poolId: string) {
    const rows = await this.db.$queryRaw<{ address: string; denom: string; amount: string; note: string | null }[]>`
      SELECT "address", "denom", SUM("amount")::text AS "amount",
             (ARRAY_AGG("note" ORDER BY "id" DESC) FILTER (WHERE "note" IS NOT NULL))[1] AS "note"
      FROM "PoolPayoutLine"
      WHERE "poolId" = ${BigInt(poolId)} AND "status" <> 'paid'
      GROUP BY "address", "denom"
      ORDER BY "address", "denom"`;
    return rows.map((r) => ({ address: r.address, denom: r.denom, amount: BigInt(r.amount), note: r.note }));
  }

  async bookChecks(poolId: string) {
    const rows = await this.db.poolBook.findMany({ where: { poolId: BigInt(poolId) }, orderBy: { denom: 'asc' } });
    return rows.map(toBookCheck);
  }

  async saveBookChecks(poolId: string, checks: BookCheck[]) {
    await this.db.$transaction(
      checks.map((c) => {
        const data = bookCheckColumns(c);
        return this.db.poolBook.upsert({
          where: { poolId_denom: { poolId: BigInt(poolId), denom: c.denom } },
          create: { poolId: BigInt(poolId), denom: c.denom, ...data },
          update: data,
        });
      }),
    );
  }

  async allBookChecks() {
    const rows = await this.db.poolBook.findMany({ include: { pool: { select: { name: true } } } });
    return rows.map((r) => ({ pool: r.pool.name, check: toBookCheck(r) }));
  }
}
