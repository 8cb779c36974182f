import type { CandidateSnapshot, SnapshotRepository } from '../domain/candidates/snapshot.repository.js';
import type { CandidateEvaluation, RejectedEntry } from '../domain/candidates/types.js';
import type { CandidateSnapshot as SnapshotRow, PrismaClient } from './generated/client.js';

const toDomain = (r: SnapshotRow): CandidateSnapshot => ({
  id: r.id.toString(),
  source: r.source,
  fetchedAt: r.fetchedAt,
  activeEra: r.activeEra,
  at: { hash: r.atBlockHash, number: r.atBlockNumber },
  commissionCap: r.commissionCap,
  evaluations: r.evaluations as unknown as CandidateEvaluation[],
  rejected: r.rejected as unknown as RejectedEntry[],
  eligibleCount: r.eligibleCount,
  hold: r.holdReason === null ? null : { reason: r.holdReason, confirmedAt: r.confirmedAt },
});

const idOf = (id: string): bigint | null => (/^\d{1,18}$/.test(id) ? BigInt(id) : null);

export class PrismaSnapshotRepository implements SnapshotRepository {
  constructor(private readonly db: PrismaClient) {}

  async save(s: Omit<CandidateSnapshot, 'id'>): Promise<CandidateSnapshot> {
    const row = await this.db.candidateSnapshot.create({
      data: {
        source: s.source,
        fetchedAt: s.fetchedAt,
        activeEra: s.activeEra,
        atBlockHash: s.at.hash,
        atBlockNumber: s.at.number,
        commissionCap: s.commissionCap,
        evaluations: s.evaluations as object[],
        rejected: s.rejected as object[],
        eligibleCount: s.eligibleCount,
        holdReason: s.hold?.reason ?? null,
        confirmedAt: s.hold?.confirmedAt ?? null,
      },
    });
    return toDomain(row);
  }

  async latest(): Promise<CandidateSnapshot | null> {
    const row = await this.db.candidateSnapshot.findFirst({ orderBy: { id: 'desc' } });
    return row ? toDomain(row) : null;
  }

  async latestUsable(): Promise<CandidateSnapshot | null> {
    const row = await this.db.candidateSnapshot.findFirst({
      where: { OR: [{ holdReason: null }, { confirmedAt: { not: null } }] },
      orderBy: { id: 'desc' },
    });
    return row ? toDomain(row) : null;
  }

  async get(id: string): Promise<CandidateSnapshot | null> {
    const key = idOf(id);
    if (key === null) return null;
    const row = await this.db.candidateSnapshot.findUnique({ where: { id: key } });
    return row ? toDomain(row) : null;
  }

  async confirm(id: string, at: Date): Promise<CandidateSnapshot | null> {
    const key = idOf(id);
    if (key === null) return null;
    // Only a held, unconfirmed snapshot changes: two admins confirming at once keep the first time.
    await this.db.candidateSnapshot.updateMany({
      where: { id: key, holdReason: { not: null }, confirmedAt: null },
      data: { confirmedAt: at },
    });
    const row = await this.db.candidateSnapshot.findUnique({ where: { id: key } });
    return row && row.holdReason !== null ? toDomain(row) : null;
  }
}
