import type { UsedNonceRepository } from '../domain/wallet/used-nonce.repository.js';
import type { PrismaClient } from './generated/client.js';

export class PrismaUsedNonceRepository implements UsedNonceRepository {
  constructor(private readonly db: PrismaClient) {}

  async deleteRecordedBefore(cutoff: Date, limit: number): Promise<number> {
    // deleteMany has no LIMIT: pick the batch by key (the createdAt index finds it) and delete that.
    // Prisma keeps DateTime as UTC in a column without time zone: compare with the UTC text.
    return this.db.$executeRaw`
      DELETE FROM "UsedNonce" AS u
      USING (
        SELECT "address", "nonce" FROM "UsedNonce"
        WHERE "createdAt" < CAST(${cutoff.toISOString()} AS timestamp(3))
        ORDER BY "createdAt"
        LIMIT ${limit}
      ) AS old
      WHERE u."address" = old."address" AND u."nonce" = old."nonce"`;
  }
}
