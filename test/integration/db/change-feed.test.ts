import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgChangeFeed } from '../../../src/db/change-feed.js';
import { VersionedCache } from '../../../src/db/versioned-cache.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let feed: PgChangeFeed;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('change_feed');
  feed = await PgChangeFeed.start(db.url);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await feed?.close();
  await client?.end();
  await db?.drop();
});

/** Resolves when the feed announced `table` (polls the counter with a deadline). */
async function announced(table: string, before: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (feed.version(table) === before) {
    if (Date.now() > deadline) throw new Error(`no announcement of ${table}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const insertSnapshot = () =>
  client.query(
    `INSERT INTO "CandidateSnapshot" ("source", "fetchedAt", "activeEra", "atBlockHash", "atBlockNumber", "commissionCap", "evaluations", "rejected", "eligibleCount")
     VALUES ('test', now(), 1, '0x00', 1, 0, '[]', '[]', 0) RETURNING id`,
  );

describe('PgChangeFeed and VersionedCache on PostgreSQL', () => {
  it('announces a committed write of any process, and only after the commit', async () => {
    expect(feed.live()).toBe(true);
    const before = feed.version('Delegation');
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", "updatedAt") VALUES (gen_random_uuid(), 'x', 'pending', 'test', now(), now())`,
    );
    // Nothing is announced before the commit: a reader would still see the old rows.
    await client.query('SELECT pg_sleep(0.05)');
    expect(feed.version('Delegation')).toBe(before);
    await client.query('COMMIT');
    await announced('Delegation', before);
    expect(feed.version('Round')).toBeGreaterThanOrEqual(0);
  });

  it('serves a cached read until its table changes, and reads again after', async () => {
    const cache = new VersionedCache<number>(feed, ['CandidateSnapshot']);
    let reads = 0;
    const load = async () => {
      reads++;
      const { rows } = await client.query('SELECT count(*)::int AS n FROM "CandidateSnapshot"');
      return (rows[0] as { n: number }).n;
    };
    const first = await cache.get('count', load);
    expect(await cache.get('count', load)).toBe(first);
    expect(reads).toBe(1);
    const before = feed.version('CandidateSnapshot');
    await insertSnapshot();
    await announced('CandidateSnapshot', before);
    expect(await cache.get('count', load)).toBe(first + 1);
    expect(reads).toBe(2);
    // Concurrent misses share one read.
    feed.invalidateAll();
    await Promise.all([cache.get('count', load), cache.get('count', load), cache.get('count', load)]);
    expect(reads).toBe(3);
  });

  it('keeps nothing read while a change is announced during the read', async () => {
    const cache = new VersionedCache<string>(feed, ['Round']);
    let reads = 0;
    const load = async () => {
      reads++;
      if (reads === 1) feed.invalidateAll();
      return `read ${reads}`;
    };
    expect(await cache.get('k', load)).toBe('read 1');
    expect(await cache.get('k', load)).toBe('read 2');
    expect(await cache.get('k', load)).toBe('read 2');
  });

  it('stops caching while the connection is lost and comes back by itself', async () => {
    const cache = new VersionedCache<number>(feed, ['Payout']);
    let reads = 0;
    const load = async () => ++reads;
    await cache.get('k', load);
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ndest-change-feed' AND datname = current_database()`,
    );
    const deadline = Date.now() + 10_000;
    while (feed.live()) {
      if (Date.now() > deadline) throw new Error('the feed never noticed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await cache.get('k', load)).toBe(2);
    expect(await cache.get('k', load)).toBe(3);
    while (!feed.live()) {
      if (Date.now() > deadline) throw new Error('the feed never came back');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await cache.get('k', load)).toBe(4);
    expect(await cache.get('k', load)).toBe(4);
  });
});
