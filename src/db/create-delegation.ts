import { randomUUID } from 'node:crypto';
import type { TransitionInput } from '../domain/delegation/delegation.repository.js';
import { Prisma, type Delegation as DelegationRow, type PrismaClient } from './generated/client.js';

/** The table whose unique key a raw statement broke, when it broke one. */
function uniqueViolationTable(e: unknown): string | null {
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { kind?: string; table?: string } } } } | null)?.meta
    ?.driverAdapterError?.cause;
  return cause?.kind === 'UniqueConstraintViolation' ? (cause.table ?? '') : null;
}

/** Which rule a failed creation broke: the nonce was used before, or the stash has a delegation. */
export type CreateRefusal = 'nonce-used' | 'delegation-exists';

/** A timestamp column (no zone, UTC by Prisma's convention) from an instant. */
const utc = (at: Date) => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * A new stash's delegation in one statement, one round trip: the nonce spent (when the request
 * had one), the delegation created, its first event recorded. A statement is atomic, so a nonce
 * used before or a delegation created meanwhile (the stash is unique; a concurrent creation waits
 * for the other to commit, then fails) undoes all of it. The nonce's insert feeds the others, so
 * it runs first: a replay is reported as such even when the stash also has a delegation by then.
 *
 * Returns the delegation's row, or the rule broken. What the interactive transaction in
 * `PrismaDelegationRepository.transition` does in five round trips, for the creation only.
 */
export async function createDelegation(
  db: PrismaClient,
  input: TransitionInput,
): Promise<DelegationRow | CreateRefusal> {
  const spent = input.nonce
    ? Prisma.sql`INSERT INTO "UsedNonce" ("address", "nonce", "action")
        VALUES (${input.nonce.address}, ${input.nonce.nonce}, ${input.nonce.action}) RETURNING 1`
    : Prisma.sql`SELECT 1`;
  try {
    const rows = await db.$queryRaw<DelegationRow[]>`
      WITH spent AS (${spent}),
      created AS (
        INSERT INTO "Delegation"
          ("id", "stash", "status", "statusReason", "statusSince", "targets", "createdAt", "updatedAt")
        SELECT ${randomUUID()}::uuid, ${input.stash}, ${input.to}::"DelegationStatus", ${input.reason},
          ${utc(input.at)}, ARRAY[]::text[], (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
        FROM spent
        RETURNING *
      ),
      recorded AS (
        INSERT INTO "DelegationEvent" ("delegationId", "fromStatus", "toStatus", "reason", "source", "at")
        SELECT "id", NULL, "status", ${input.reason}, ${input.source}, ${utc(input.at)} FROM created
      )
      SELECT * FROM created`;
    const row = rows[0];
    if (!row) throw new Error(`creating the delegation of ${input.stash} returned no row`);
    return row;
  } catch (e) {
    const table = uniqueViolationTable(e);
    if (table === 'UsedNonce') return 'nonce-used';
    if (table === 'Delegation') return 'delegation-exists';
    throw e;
  }
}
