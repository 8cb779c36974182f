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
});

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
      },
    });
    return toDomain(row);
  }

  async latest(): Promise<CandidateSnapshot | null> {
    const row = await this.db.candidateSnapshot.findFirst({ orderBy: { id: 'desc' } });
    return row ? toDomain(row) : null;
  }

  async get(id: string): Promise<CandidateSnapshot | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = await this.db.candidateSnapshot.findUnique({ where: { id: BigInt(id) } });
    return row ? toDomain(row) : null;
  }
}
