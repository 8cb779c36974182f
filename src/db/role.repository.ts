import { ruleViolation } from '../domain/errors.js';
import type { Role, RoleUse } from '../domain/registry/role.js';
import type { RoleRepository } from '../domain/registry/role.repository.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type { Address } from '../domain/shared/types.js';
import type { Prisma, PrismaClient } from './generated/client.js';

type Db = PrismaClient | Prisma.TransactionClient;

interface RoleRow {
  name: string;
  createdAt: Date;
  _count: { members: number };
}

const withCount = { _count: { select: { members: true } } } as const;

const toDomain = (r: RoleRow): Role => ({ name: r.name, createdAt: r.createdAt, memberCount: r._count.members });

/** One page of rows ordered by `key`, read one row past the limit to know whether another page follows. */
function pageOf<T>(rows: T[], limit: number, key: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? key(items[items.length - 1]!) : null };
}

const isForeignKeyViolation = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2003';

export class PrismaRoleRepository implements RoleRepository {
  constructor(private readonly db: PrismaClient) {}

  async list({ limit, after }: PageRequest): Promise<Page<Role>> {
    const rows = await this.db.role.findMany({
      where: after === null ? {} : { name: { gt: after } },
      orderBy: { name: 'asc' },
      take: limit + 1,
      include: withCount,
    });
    const page = pageOf(rows, limit, (r) => r.name);
    return { items: page.items.map(toDomain), next: page.next };
  }

  async get(name: string): Promise<Role | null> {
    const row = await this.db.role.findUnique({ where: { name }, include: withCount });
    return row ? toDomain(row) : null;
  }

  async members(name: string, { limit, after }: PageRequest): Promise<Page<Address>> {
    const rows = await this.db.roleMember.findMany({
      where: { roleName: name, ...(after === null ? {} : { address: { gt: after } }) },
      orderBy: { address: 'asc' },
      take: limit + 1,
      select: { address: true },
    });
    const page = pageOf(rows, limit, (r) => r.address);
    return { items: page.items.map((r) => r.address), next: page.next };
  }

  async create(name: string): Promise<{ role: Role; created: boolean }> {
    // ON CONFLICT DO NOTHING: two admins creating the same role both succeed, one of them creates it.
    const { count } = await this.db.role.createMany({ data: [{ name }], skipDuplicates: true });
    const role = await this.get(name);
    return { role: role!, created: count === 1 };
  }

  usesOf(name: string): Promise<RoleUse[]> {
    return usesOf(this.db, name);
  }

  async delete(name: string, check: (uses: readonly RoleUse[]) => void): Promise<Role | null> {
    return this.db.$transaction(async (tx) => {
      // Locked before its uses are read: a pool naming it (which holds the role FOR SHARE until it
      // commits, see lockRoles) is either seen here or finds the role gone.
      await tx.$queryRaw`SELECT "name" FROM "Role" WHERE "name" = ${name} FOR UPDATE`;
      const row = await tx.role.findUnique({ where: { name }, include: withCount });
      if (!row) return null;
      check(await usesOf(tx, name));
      // Memberships go with it (ON DELETE CASCADE).
      await tx.role.delete({ where: { name } });
      return toDomain(row);
    });
  }

  async addMember(name: string, address: Address): Promise<{ added: boolean } | null> {
    if (!(await this.exists(name))) return null;
    try {
      const { count } = await this.db.roleMember.createMany({
        data: [{ roleName: name, address }],
        skipDuplicates: true,
      });
      return { added: count === 1 };
    } catch (e) {
      // The role was deleted in between.
      if (isForeignKeyViolation(e)) return null;
      throw e;
    }
  }

  async removeMember(name: string, address: Address): Promise<{ removed: boolean } | null> {
    if (!(await this.exists(name))) return null;
    const { count } = await this.db.roleMember.deleteMany({ where: { roleName: name, address } });
    return { removed: count === 1 };
  }

  async exists(name: string): Promise<boolean> {
    return (await this.db.role.count({ where: { name } })) === 1;
  }

  async membersOf(roles: readonly string[]): Promise<Address[]> {
    if (roles.length === 0) return [];
    const rows = await this.db.roleMember.findMany({
      where: { roleName: { in: [...roles] } },
      distinct: ['address'],
      orderBy: { address: 'asc' },
      select: { address: true },
    });
    return rows.map((r) => r.address);
  }

  async rolesOf(address: Address): Promise<string[]> {
    const rows = await this.db.roleMember.findMany({
      where: { address },
      orderBy: { roleName: 'asc' },
      select: { roleName: true },
    });
    return rows.map((r) => r.roleName);
  }
}

async function usesOf(db: Db, name: string): Promise<RoleUse[]> {
  // One after the other: inside a transaction both run on its one connection anyway.
  const owning = await db.spendingPool.findMany({
    where: { ownerRoles: { has: name } },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  const benefiting = await db.poolBeneficiary.findMany({
    where: { kind: 'role', name },
    select: { pool: { select: { name: true } } },
    orderBy: { pool: { name: 'asc' } },
  });
  const collectives = await db.stakingCollective.findMany({
    where: { status: { not: 'removed' }, OR: [{ ownerRoles: { has: name } }, { depositRoles: { has: name } }] },
    select: { name: true, ownerRoles: true },
    orderBy: { name: 'asc' },
  });
  return [
    ...owning.map((p): RoleUse => ({ kind: 'spending-pool', name: p.name, as: 'owner' })),
    ...benefiting.map((b): RoleUse => ({ kind: 'spending-pool', name: b.pool.name, as: 'beneficiary' })),
    ...collectives.map((c): RoleUse => ({
      kind: 'collective',
      name: c.name,
      as: c.ownerRoles.includes(name) ? 'owner' : 'depositor',
    })),
  ];
}

/**
 * Holds the named roles (FOR SHARE) until the caller's transaction commits, so that none of them
 * can be deleted meanwhile; throws 422 ROLE_NOT_FOUND when one is gone already.
 */
export async function lockRoles(tx: Prisma.TransactionClient, names: readonly string[]): Promise<void> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return;
  const rows = await tx.$queryRaw<
    { name: string }[]
  >`SELECT "name" FROM "Role" WHERE "name" = ANY(${wanted}) FOR SHARE`;
  const found = new Set(rows.map((r) => r.name));
  const missing = wanted.find((n) => !found.has(n));
  if (missing !== undefined)
    throw ruleViolation('ROLE_NOT_FOUND', `role ${missing} does not exist (an admin creates roles)`, { role: missing });
}
