import type { DelegationStatus } from '../domain/delegation/types.js';
import type { EraStat, StatsRepository } from '../domain/stats/types.js';
import type { EraStat as EraStatRow, PrismaClient } from './generated/client.js';
import { toPlanck } from './mappers.js';

const toDomain = (r: EraStatRow): EraStat => ({
  era: r.era,
  delegatorsActive: r.delegatorsActive,
  delegatorsPending: r.delegatorsPending,
  stake: toPlanck(r.stake) ?? 0n,
  nominated: r.nominated,
  elected: r.elected,
  entered: r.entered,
});

export class PrismaStatsRepository implements StatsRepository {
  constructor(private readonly db: PrismaClient) {}

  async statusCounts(): Promise<Record<DelegationStatus, number>> {
    const counts: Record<DelegationStatus, number> = { pending: 0, active: 0, opted_out: 0, revoked: 0, manual: 0 };
    const rows = await this.db.delegation.groupBy({ by: ['status'], _count: { _all: true } });
    for (const r of rows) counts[r.status] = r._count._all;
    return counts;
  }

  async eraStat(era: number): Promise<EraStat | null> {
    const row = await this.db.eraStat.findUnique({ where: { era } });
    return row ? toDomain(row) : null;
  }

  async latestEraStat(): Promise<EraStat | null> {
    const row = await this.db.eraStat.findFirst({ orderBy: { era: 'desc' } });
    return row ? toDomain(row) : null;
  }

  async saveEraStat(stat: EraStat): Promise<void> {
    await this.db.eraStat.createMany({ data: [{ ...stat, stake: stat.stake.toString() }], skipDuplicates: true });
  }

  async eraStats(limit: number): Promise<EraStat[]> {
    const rows = await this.db.eraStat.findMany({ orderBy: { era: 'desc' }, take: limit });
    return rows.map(toDomain);
  }

  async enteredTotal(): Promise<number> {
    const rows = await this.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(DISTINCT v)::bigint AS n FROM "EraStat", unnest("entered") AS v`;
    return Number(rows[0]?.n ?? 0n);
  }
}
