import type { PayeeSettings } from '../domain/collectives/detect-breaches.use-case.js';
import type { Address } from '../domain/shared/types.js';
import type { PrismaClient } from './generated/client.js';

/** Which stashes' reward destinations the operator has set to a collective's account (their latest `set` change done). */
export class PrismaPayeeSettings implements PayeeSettings {
  constructor(private readonly db: PrismaClient) {}

  async payeeSetOn(collectiveId: string, stashes: Address[]): Promise<Set<Address>> {
    if (stashes.length === 0) return new Set();
    const rows = await this.db.$queryRaw<{ stash: string; status: string }[]>`
      SELECT DISTINCT ON ("stash") "stash", "status"
      FROM "CollectivePayeeChange"
      WHERE "collectiveId" = ${BigInt(collectiveId)} AND "kind" = 'set' AND "stash" = ANY(${stashes})
      ORDER BY "stash", "id" DESC`;
    return new Set(rows.filter((r) => r.status === 'done').map((r) => r.stash));
  }
}
