import pg from 'pg';
import { applyMigrations } from '../../src/infra/migrations.js';
import { dropDatabase } from '../../src/infra/postgres-admin.js';
import { syntheticStash } from '../synthetic-delegations.js';

/** Delegations per nomination extrinsic in the seeded rounds (Asset Hub's batch size, bench/README.md). */
const BATCH_SIZE = 127;
const SS58_PREFIX = 2;

/** The bench's database: dropped and migrated anew at every run. */
export async function freshDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await applyMigrations(url);
}

/**
 * `count` stashes: real SS58 addresses (prefix 2) of deterministic 32-byte account ids (the
 * blake2-256 of an index, as bench/synthetic-delegations.ts), in index order. Made in slices,
 * yielding between them: the set-up's other work goes on meanwhile.
 */
export async function seededStashes(count: number): Promise<string[]> {
  const stashes: string[] = [];
  while (stashes.length < count) {
    const end = Math.min(count, stashes.length + 2_000);
    for (let i = stashes.length; i < end; i++) stashes.push(syntheticStash(i, SS58_PREFIX));
    await new Promise((r) => setImmediate(r));
  }
  return stashes;
}

/** A valid address no delegation uses. */
export const unknownStash = (): string => syntheticStash(999_999_999, SS58_PREFIX);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Active delegations with their history, as the service records them (prisma/schema.prisma):
 * opted in by a signed request (pending), made active by the watcher once the proxy was seen.
 * Never nominated (no targets): every one needs a full draw in the next round. One statement each.
 */
export async function seedDelegations(url: string, stashes: string[]): Promise<void> {
  await withClient(url, async (db) => {
    await db.query(
      `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", targets, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), s, 'active', 'the Staking proxy to the operator is on chain',
              now() - interval '1 day' + (n * interval '1 millisecond'), '{}',
              now() - interval '2 days' + (n * interval '1 millisecond'), now()
       FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n)`,
      [stashes],
    );
    await db.query(
      `INSERT INTO "DelegationEvent" ("delegationId", "fromStatus", "toStatus", reason, source, at)
       SELECT id, NULL, 'pending', 'opted in by a signed request; waiting for the proxy and bond on chain', 'api', "createdAt"
       FROM "Delegation" ORDER BY "createdAt"`,
    );
    await db.query(
      `INSERT INTO "DelegationEvent" ("delegationId", "fromStatus", "toStatus", reason, source, at)
       SELECT id, 'pending', 'active', 'the Staking proxy to the operator is on chain', 'watcher', "statusSince"
       FROM "Delegation" ORDER BY "statusSince"`,
    );
    await db.query('ANALYZE "Delegation", "DelegationEvent"');
  });
}

/**
 * `rounds` completed dry-run admin rounds on the snapshot the service took, each with a selection
 * for every active delegation (4 of the programme's validators each) and its planned batches, as
 * the round repository's savePlan stores a dry run. Returns their ids.
 */
export async function seedRounds(
  url: string,
  input: { rounds: number; snapshotId: string; activeEra: number; eligible: string[] },
): Promise<string[]> {
  return withClient(url, async (db) => {
    const ids: string[] = [];
    for (let r = 0; r < input.rounds; r++) {
      const round = await db.query<{ id: string }>(
        `INSERT INTO "Round" (trigger, "dryRun", status, "activeEra", seed, "commitBlockNumber", "seedBlockNumber",
                              "seedBlockHash", "snapshotId", "targetsPerDelegator", "rotationEras", "createdAt", "plannedAt", "completedAt")
         VALUES ('admin', true, 'completed', $1, $2, $3, $3 + 1, $4, $5, 4, 28,
                 now() - interval '1 hour' * ($6 + 1), now() - interval '1 hour' * ($6 + 1) + interval '20 seconds',
                 now() - interval '1 hour' * ($6 + 1) + interval '20 seconds')
         RETURNING id::text`,
        [
          input.activeEra,
          `0x${'ab'.repeat(31)}${r.toString(16).padStart(2, '0')}`,
          10 + r,
          `0x${'cd'.repeat(31)}${r.toString(16).padStart(2, '0')}`,
          input.snapshotId,
          input.rounds - r,
        ],
      );
      const id = round.rows[0]!.id;
      ids.push(id);
      // Targets: 4 consecutive programme validators from a position that moves with the row and the round.
      await db.query(
        `INSERT INTO "RoundSelection" ("roundId", "delegationId", stash, reason, "keptTargets", "drawnTargets", targets, "batchIndex", status)
         SELECT $1::bigint, d.id, d.stash, 'new', '{}', t.targets, t.targets, ((d.n - 1) / ${BATCH_SIZE})::int, 'dry_run'
         FROM (SELECT id, stash, row_number() OVER (ORDER BY "createdAt") AS n FROM "Delegation" WHERE status = 'active') d,
         LATERAL (SELECT ARRAY(SELECT ($2::text[])[((d.n + $3 + k) % cardinality($2::text[])) + 1]
                               FROM generate_series(0, 3) k) AS targets) t`,
        [id, input.eligible, r * 7],
      );
      await db.query(
        `INSERT INTO "RoundBatch" ("roundId", index, status, "itemCount")
         SELECT $1::bigint, g, 'planned', LEAST(${BATCH_SIZE}, c.n - g * ${BATCH_SIZE})::int
         FROM (SELECT count(*)::int AS n FROM "RoundSelection" WHERE "roundId" = $1::bigint) c,
         generate_series(0, ((c.n + ${BATCH_SIZE} - 1) / ${BATCH_SIZE}) - 1) g`,
        [id],
      );
    }
    await db.query('ANALYZE "Round", "RoundSelection", "RoundBatch"');
    return ids;
  });
}
