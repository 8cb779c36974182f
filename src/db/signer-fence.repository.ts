import { unavailable } from '../domain/errors.js';
import type { SigningFence } from '../domain/shared/signing-lock.js';
import type { Address } from '../domain/shared/types.js';
import type { Prisma, PrismaClient } from './generated/client.js';

/**
 * Fencing tokens live in PostgreSQL, next to the signatures they guard: Redis may lose its data
 * (and with it the lock), the tokens never go back.
 */
export class SignerFenceRepository {
  constructor(private readonly db: PrismaClient) {}

  /** A new token for `account`, greater than every token handed out before. */
  async take(account: Address): Promise<bigint> {
    const rows = await this.db.$queryRaw<{ token: bigint }[]>`
      INSERT INTO "SignerFence" ("account", "token", "updatedAt") VALUES (${account}, 1, now())
      ON CONFLICT ("account") DO UPDATE SET "token" = "SignerFence"."token" + 1, "updatedAt" = now()
      RETURNING "token"`;
    return BigInt(rows[0]!.token);
  }
}

/**
 * Inside the transaction that stores a signature: the fence must still be the latest token of its
 * account (row locked until commit, so no newer holder can slip in between the check and the store).
 */
export async function assertLatestFence(tx: Prisma.TransactionClient, fence: SigningFence): Promise<void> {
  const rows = await tx.$queryRaw<{ token: bigint }[]>`
    SELECT "token" FROM "SignerFence" WHERE "account" = ${fence.account} FOR SHARE`;
  const latest = rows[0] ? BigInt(rows[0].token) : null;
  if (latest !== fence.token)
    throw unavailable(
      'SIGNER_FENCED',
      `the signing lock of ${fence.account} was taken by another process (token ${fence.token}, latest ${latest})`,
    );
}
