import type {
  CollectiveRepository,
  CollectiveUnit,
  ContributionWrite,
} from '../domain/collectives/collective.repository.js';
import type {
  Breach,
  CollectiveSettings,
  CollectiveStatus,
  CollectiveTokenSums,
  CollectiveTransferView,
  Distribution,
  NewCollectiveTransfer,
  RewardBooking,
  RewardDestination,
  StakingCollective,
} from '../domain/collectives/types.js';
import { conflict, notFound } from '../domain/errors.js';
import type { Transaction } from '../domain/governance/proposal.repository.js';
import type { BookCheck } from '../domain/shared/book-check.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type { Address } from '../domain/shared/types.js';
import type { NonceUse } from '../domain/wallet/authorize.js';
import { bookCheckColumns, toBookCheck } from './book-checks.js';
import {
  amountsJson,
  collectiveInclude,
  contributorInclude,
  poolRows,
  settingsColumns,
  toBreach,
  toCollective,
  toContributor,
  toDistribution,
  toReward,
  toTransfer,
} from './collective-rows.js';
import { consumeNonce } from './consume-nonce.js';
import { Prisma, type PrismaClient } from './generated/client.js';
import { prismaTransaction } from './governance-transaction.js';
import { isUniqueViolation } from './mappers.js';
import { lockRoles } from './role.repository.js';
import { lockByName, LockedUnit, readNamesByAccount } from './owner-rows.js';
import { nameCursor, newestFirst, pageById, pageOf } from './page-cursor.js';

type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaClient;

const TRANSACTION = { timeout: 60_000, maxWait: 30_000 } as const;

/** A destination for a JSON column: SQL NULL for none. */
const destinationJson = (d: RewardDestination | null) =>
  d === null ? Prisma.DbNull : (d as unknown as Prisma.InputJsonObject);

/**
 * The upsert of a contribution. The stash's advisory lock is taken before the check and held
 * until the transaction ends, so two collectives taking one stash at once run one after the
 * other and the second sees the first's counting row (409 STASH_COMMITTED).
 */
async function saveContributionIn(
  tx: Tx,
  collective: { id: bigint; name: string },
  write: ContributionWrite,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ndest:collective-stash'), hashtext(${write.address}))`;
  const elsewhere = await tx.collectiveContributor.findFirst({
    where: { address: write.address, status: 'counting', collectiveId: { not: collective.id } },
    select: { collective: { select: { name: true } } },
  });
  if (elsewhere)
    throw conflict('STASH_COMMITTED', `${write.address} is committed to the collective ${elsewhere.collective.name}`, {
      stash: write.address,
      collective: elsewhere.collective.name,
    });
  const bonds = write.bonds.map((b) => ({ denom: b.denom, amount: b.amount.toString() }));
  const row = await tx.collectiveContributor.findUnique({
    where: { collectiveId_address: { collectiveId: collective.id, address: write.address } },
    select: { id: true, status: true },
  });
  if (!row) {
    await tx.collectiveContributor.create({
      data: {
        collectiveId: collective.id,
        address: write.address,
        status: 'counting',
        joinedAt: write.at,
        previousPayee: destinationJson(write.previousPayee),
        bonds: { create: bonds },
      },
    });
    return;
  }
  await tx.collectiveContributor.update({
    where: { id: row.id },
    data: {
      status: 'counting',
      endedReason: null,
      endedAt: null,
      // A contribution that counts already keeps the day it started; one that starts again starts now.
      ...(row.status === 'counting' ? {} : { joinedAt: write.at }),
      // Null: the destination was not read this time, the one stored stays.
      ...(write.previousPayee !== null ? { previousPayee: destinationJson(write.previousPayee) } : {}),
    },
  });
  await tx.collectiveBond.deleteMany({ where: { contributorId: row.id } });
  await tx.collectiveBond.createMany({ data: bonds.map((b) => ({ ...b, contributorId: row.id })) });
}

/** Per denom, from the rewards booked and the transfers out of the account (exact: sums as text). */
async function sumsOf(db: Db, collectiveId: bigint): Promise<Map<string, CollectiveTokenSums>> {
  const rewards = await db.$queryRaw<
    { denom: string; received: string; returned: string; donations: string; forPools: string }[]
  >`SELECT "denom", SUM("amount")::text AS "received", SUM("returned")::text AS "returned",
           SUM("donation")::text AS "donations", SUM("forPools")::text AS "forPools"
    FROM "CollectiveReward" WHERE "collectiveId" = ${collectiveId} GROUP BY "denom"`;
  const transfers = await db.$queryRaw<{ denom: string; toPools: string; donationsSent: string; paidOut: string }[]>`
    SELECT "denom",
           COALESCE(SUM("amount") FILTER (WHERE "kind" = 'pool' AND "status" <> 'failed'), 0)::text AS "toPools",
           COALESCE(SUM("amount") FILTER (WHERE "kind" = 'donation' AND "status" <> 'failed'), 0)::text AS "donationsSent",
           COALESCE(SUM("amount") FILTER (WHERE "status" = 'paid' AND "kind" <> 'endow'), 0)::text AS "paidOut"
    FROM "CollectiveTransfer" WHERE "collectiveId" = ${collectiveId} GROUP BY "denom"`;
  const sums = new Map<string, CollectiveTokenSums>();
  const of = (denom: string) => {
    let s = sums.get(denom);
    if (!s)
      sums.set(
        denom,
        (s = { received: 0n, returned: 0n, donations: 0n, forPools: 0n, toPools: 0n, donationsSent: 0n, paidOut: 0n }),
      );
    return s;
  };
  for (const r of rewards)
    Object.assign(of(r.denom), {
      received: BigInt(r.received),
      returned: BigInt(r.returned),
      donations: BigInt(r.donations),
      forPools: BigInt(r.forPools),
    });
  for (const t of transfers)
    Object.assign(of(t.denom), {
      toPools: BigInt(t.toPools),
      donationsSent: BigInt(t.donationsSent),
      paidOut: BigInt(t.paidOut),
    });
  return sums;
}

class PrismaCollectiveUnit extends LockedUnit implements CollectiveUnit {
  constructor(
    tx: Tx,
    readonly collective: StakingCollective,
  ) {
    super(tx, collective.id);
  }

  async contributors() {
    const rows = await this.tx.collectiveContributor.findMany({
      where: { collectiveId: this.id },
      orderBy: { id: 'asc' },
      include: contributorInclude,
    });
    return rows.map(toContributor);
  }

  saveContribution(write: ContributionWrite) {
    return saveContributionIn(this.tx, { id: this.id, name: this.collective.name }, write);
  }

  async setTerms(address: Address, terms: { locking: number; donation: string; donationLock: boolean }) {
    await this.tx.collectiveContributor.update({
      where: { collectiveId_address: { collectiveId: this.id, address } },
      data: { locking: BigInt(terms.locking), donation: terms.donation, donationLock: terms.donationLock },
    });
  }

  async endContribution(address: Address, status: 'released' | 'breached', reason: string, at: Date) {
    const ended = await this.tx.collectiveContributor.updateMany({
      where: { collectiveId: this.id, address, status: 'counting' },
      data: { status, endedReason: reason, endedAt: at },
    });
    if (ended.count > 0)
      await this.tx.collectiveBond.deleteMany({ where: { contributor: { collectiveId: this.id, address } } });
  }

  async addBreach(breach: Breach) {
    await this.tx.collectiveBreach.create({
      data: {
        collectiveId: this.id,
        address: breach.address,
        kind: breach.kind,
        detail: breach.detail,
        blockNumber: breach.block?.number ?? null,
        blockHash: breach.block?.hash ?? null,
        at: breach.at,
      },
    });
  }

  async queuePayeeChange(change: {
    stash: Address;
    kind: 'set' | 'restore';
    payee: RewardDestination | null;
    at: Date;
  }) {
    await this.tx.collectivePayeeChange.create({
      data: {
        collectiveId: this.id,
        stash: change.stash,
        kind: change.kind,
        payee: destinationJson(change.payee),
        status: 'pending',
        createdAt: change.at,
      },
    });
  }

  sums() {
    return sumsOf(this.tx, this.id);
  }

  async bookReward(r: RewardBooking) {
    const done = await this.tx.collectiveReward.createMany({
      data: [
        {
          collectiveId: this.id,
          stash: r.stash,
          era: r.era,
          denom: r.denom,
          amount: r.amount.toString(),
          returned: r.returned.toString(),
          donation: r.donation.toString(),
          forPools: r.forPools.toString(),
          blockNumber: r.block.number,
          blockHash: r.block.hash,
          eventKey: r.eventKey,
          bookedAt: r.bookedAt,
        },
      ],
      // Booked once however often the indexer sees the block (ON CONFLICT DO NOTHING: a unique
      // violation would abort the whole transaction).
      skipDuplicates: true,
    });
    return done.count === 1;
  }

  async addTransfers(transfers: NewCollectiveTransfer[], at: Date) {
    if (transfers.length === 0) return;
    // The token on chain is fixed now, so that a later change of the registry never sends
    // another token than the one owed.
    const denoms = [...new Set(transfers.map((t) => t.denom))];
    const tokens = await this.tx.token.findMany({
      where: { denom: { in: denoms } },
      select: { denom: true, assetId: true },
    });
    const assetIds = new Map(tokens.map((t) => [t.denom, t.assetId]));
    // A collective receives the native token only (its rewards); a denom the registry no longer
    // lists is that token delisted meanwhile, and what is owed in it must still be paid (and the
    // indexer, which books returns, must never stall on it): native, then.
    await this.tx.collectiveTransfer.createMany({
      data: transfers.map((t) => ({
        collectiveId: this.id,
        kind: t.kind,
        address: t.address,
        poolName: t.poolName,
        denom: t.denom,
        assetId: assetIds.get(t.denom) ?? null,
        amount: t.amount.toString(),
        status: 'owed',
        distributionId: t.distributionId === null ? null : BigInt(t.distributionId),
        proposalId: t.proposalId === null ? null : BigInt(t.proposalId),
        createdAt: at,
      })),
    });
  }

  async recordDistribution(d: Omit<Distribution, 'id'>) {
    const row = await this.tx.collectiveDistribution.create({
      data: { collectiveId: this.id, kind: d.kind, at: BigInt(d.at), amounts: amountsJson(d.amounts) },
      select: { id: true },
    });
    await this.tx.stakingCollective.update({ where: { id: this.id }, data: { lastDistro: BigInt(d.at) } });
    return row.id.toString();
  }

  async updateSettings(settings: CollectiveSettings) {
    await lockRoles(this.tx, rolesOf(settings));
    await this.tx.stakingCollective.update({ where: { id: this.id }, data: settingsColumns(settings) });
    await this.tx.collectivePool.deleteMany({ where: { collectiveId: this.id } });
    await this.tx.collectivePool.createMany({
      data: poolRows(settings).map((p) => ({ ...p, collectiveId: this.id })),
    });
  }

  async setPaused(paused: boolean) {
    await this.tx.stakingCollective.update({ where: { id: this.id }, data: { paused } });
  }

  async setStatus(status: CollectiveStatus, reachedMinimumAt: Date | null) {
    await this.tx.stakingCollective.update({ where: { id: this.id }, data: { status } });
    // Set once: the first time the minimum was reached stays.
    if (reachedMinimumAt !== null)
      await this.tx.stakingCollective.updateMany({
        where: { id: this.id, reachedMinimumAt: null },
        data: { reachedMinimumAt },
      });
  }

  async markRemoved(reason: string, at: Date) {
    await this.tx.stakingCollective.update({
      where: { id: this.id },
      data: { status: 'removed', removedAt: at, removedReason: reason },
    });
  }
}

/** The collective's row lock serialises every change of one collective. */
async function lockedCollective<T>(tx: Tx, name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T> {
  await lockByName(tx, 'StakingCollective', name, () =>
    notFound('COLLECTIVE_NOT_FOUND', `no staking collective named ${name}`),
  );
  const row = await tx.stakingCollective.findUniqueOrThrow({ where: { name }, include: collectiveInclude });
  return work(new PrismaCollectiveUnit(tx, toCollective(row)));
}

export class PrismaCollectiveRepository implements CollectiveRepository {
  constructor(private readonly db: PrismaClient) {}

  async create(
    input: {
      name: string;
      creator: Address;
      settings: CollectiveSettings;
      bondingDeadline: number;
      contribution: ContributionWrite;
      at: Date;
    },
    nonce: NonceUse,
  ): Promise<StakingCollective> {
    return this.db.$transaction(async (tx) => {
      await consumeNonce(tx, nonce);
      // The roles it names cannot be deleted before this commits (422 ROLE_NOT_FOUND if one is gone).
      await lockRoles(tx, rolesOf(input.settings));
      let created: { id: bigint };
      try {
        created = await tx.stakingCollective.create({
          data: {
            name: input.name,
            creator: input.creator,
            createdAt: input.at,
            bondingDeadline: BigInt(input.bondingDeadline),
            // Set right below from the id: distinct for 65,536 collectives in a row, and the
            // account also depends on the block and extrinsic that create it.
            accountIndex: 0,
            ...settingsColumns(input.settings),
            pools: { create: poolRows(input.settings) },
          },
          select: { id: true },
        });
      } catch (e) {
        // The statement failed, so the transaction is lost: it rolls back with the nonce.
        if (isUniqueViolation(e)) throw conflict('NAME_TAKEN', `the name ${input.name} is taken`);
        throw e;
      }
      await tx.stakingCollective.update({
        where: { id: created.id },
        data: { accountIndex: Number(created.id % 65_536n) },
      });
      await saveContributionIn(tx, { id: created.id, name: input.name }, input.contribution);
      // The creator's reward destination goes to the collective's account once it exists: queued
      // with the contribution, so that no crash leaves a counting creator whose rewards stay home.
      await tx.collectivePayeeChange.create({
        data: {
          collectiveId: created.id,
          stash: input.creator,
          kind: 'set',
          payee: destinationJson(null),
          status: 'pending',
          createdAt: input.at,
        },
      });
      const row = await tx.stakingCollective.findUniqueOrThrow({
        where: { id: created.id },
        include: collectiveInclude,
      });
      return toCollective(row);
    }, TRANSACTION);
  }

  async byName(name: string) {
    const row = await this.db.stakingCollective.findUnique({ where: { name }, include: collectiveInclude });
    return row ? toCollective(row) : null;
  }

  namesByAccount(accounts: Address[]) {
    return readNamesByAccount(accounts, (where) =>
      this.db.stakingCollective.findMany({ where, select: { name: true, account: true } }),
    );
  }

  async names(page: PageRequest): Promise<Page<string>> {
    const after = nameCursor(page.after);
    // Byte order (COLLATE "C"), whatever the database's locale: the order of the in-memory stand-in.
    const rows = await this.db.$queryRaw<{ name: string }[]>`
      SELECT "name" FROM "StakingCollective"
      WHERE ${after === null ? Prisma.sql`TRUE` : Prisma.sql`"name" COLLATE "C" > ${after}`}
      ORDER BY "name" COLLATE "C"
      LIMIT ${page.limit + 1}`;
    return pageOf(
      rows,
      page.limit,
      (r) => r.name,
      (r) => r.name,
    );
  }

  async namesOf(address: Address, roles: string[]) {
    const rows = await this.db.stakingCollective.findMany({
      where: {
        OR: [
          { creator: address },
          { ownerAccounts: { has: address } },
          { depositAccounts: { has: address } },
          ...(roles.length > 0 ? [{ ownerRoles: { hasSome: roles } }, { depositRoles: { hasSome: roles } }] : []),
          { contributors: { some: { address } } },
        ],
      },
      orderBy: { id: 'asc' },
      select: { name: true },
    });
    return rows.map((r) => r.name);
  }

  async countingCollectiveOf(stash: Address) {
    return (await this.countingOf([stash])).get(stash) ?? null;
  }

  async countingOf(stashes: Address[]) {
    if (stashes.length === 0) return new Map<Address, string>();
    const rows = await this.db.collectiveContributor.findMany({
      where: { address: { in: [...new Set(stashes)] }, status: 'counting' },
      select: { address: true, collective: { select: { name: true } } },
    });
    return new Map(rows.map((r) => [r.address, r.collective.name]));
  }

  async liveNames() {
    const rows = await this.db.stakingCollective.findMany({
      where: { status: { not: 'removed' } },
      orderBy: { id: 'asc' },
      select: { name: true },
    });
    return rows.map((r) => r.name);
  }

  withCollective<T>(name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T> {
    return this.db.$transaction((tx) => lockedCollective(tx, name, work), TRANSACTION);
  }

  withCollectiveIn<T>(tx: Transaction, name: string, work: (unit: CollectiveUnit) => Promise<T>): Promise<T> {
    return lockedCollective(prismaTransaction(tx), name, work);
  }

  async contributors(collectiveId: string) {
    const rows = await this.db.collectiveContributor.findMany({
      where: { collectiveId: BigInt(collectiveId) },
      orderBy: { id: 'asc' },
      include: contributorInclude,
    });
    return rows.map(toContributor);
  }

  async breaches(collectiveId: string) {
    const rows = await this.db.collectiveBreach.findMany({
      where: { collectiveId: BigInt(collectiveId) },
      orderBy: { id: 'asc' },
    });
    return rows.map(toBreach);
  }

  sums(collectiveId: string) {
    return sumsOf(this.db, BigInt(collectiveId));
  }

  async distributions(collectiveId: string, page: PageRequest): Promise<Page<Distribution>> {
    const rows = await this.db.collectiveDistribution.findMany(
      newestFirst(page, { collectiveId: BigInt(collectiveId) }),
    );
    return pageById(rows, page, toDistribution);
  }

  async transfers(collectiveId: string, page: PageRequest): Promise<Page<CollectiveTransferView>> {
    const rows = await this.db.collectiveTransfer.findMany(
      // The operator's endowment is not a transfer out of the account.
      newestFirst(page, { collectiveId: BigInt(collectiveId), kind: { not: 'endow' } }),
    );
    return pageById(rows, page, toTransfer);
  }

  async rewards(collectiveId: string, page: PageRequest): Promise<Page<RewardBooking>> {
    const rows = await this.db.collectiveReward.findMany(newestFirst(page, { collectiveId: BigInt(collectiveId) }));
    return pageById(rows, page, toReward);
  }

  async accounts() {
    const rows = await this.db.stakingCollective.findMany({
      select: { id: true, name: true, account: true, endowment: true, endowed: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id.toString(),
      name: r.name,
      account: r.account,
      endowment: r.endowed ? r.endowment : 0n,
    }));
  }

  async bookChecks(collectiveId: string) {
    const rows = await this.db.collectiveBook.findMany({
      where: { collectiveId: BigInt(collectiveId) },
      orderBy: { denom: 'asc' },
    });
    return rows.map(toBookCheck);
  }

  async saveBookChecks(collectiveId: string, checks: BookCheck[]) {
    const id = BigInt(collectiveId);
    await this.db.$transaction(
      checks.map((c) => {
        const data = bookCheckColumns(c);
        return this.db.collectiveBook.upsert({
          where: { collectiveId_denom: { collectiveId: id, denom: c.denom } },
          create: { collectiveId: id, denom: c.denom, ...data },
          update: data,
        });
      }),
    );
  }

  async allBookChecks() {
    const rows = await this.db.collectiveBook.findMany({
      include: { collective: { select: { name: true } } },
      orderBy: [{ collectiveId: 'asc' }, { denom: 'asc' }],
    });
    return rows.map((r) => ({ collective: r.collective.name, check: toBookCheck(r) }));
  }
}

/** Every role a collective's settings name (owners and depositors). */
const rolesOf = (s: CollectiveSettings): string[] => [...s.ownersWhitelist.roles, ...s.depositWhitelist.roles];
