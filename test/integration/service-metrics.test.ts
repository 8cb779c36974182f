/**
 * The service's gauges on PostgreSQL: a write by another process (here a plain SQL connection)
 * reaches /metrics through the change feed, read in the background; a scrape runs no query.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsPlugin } from '../../src/api/plugins/metrics.js';
import { registerServiceMetrics } from '../../src/api/service-metrics.js';
import { PgChangeFeed } from '../../src/db/change-feed.js';
import { PrismaIndexedEventRepository } from '../../src/db/indexed-event.repository.js';
import { createPrismaClient, type PrismaClient } from '../../src/db/prisma-client.js';
import { PrismaStatsRepository } from '../../src/db/stats.repository.js';
import { createLogger } from '../../src/logger.js';
import type { Context } from '../../src/main/context.js';
import { serviceGaugeSources } from '../../src/main/service-metric-sources.js';
import { startServiceGauges } from '../../src/main/service-gauges.js';
import { until } from '../support/service-processes.js';
import { createTestDatabase, type TestDatabase } from '../support/test-env.js';

let db: TestDatabase;
let feed: PgChangeFeed;
let base: PrismaClient;
/** Another process's connection: its writes reach the gauges only through the change feed. */
let other: pg.Client;
let app: FastifyInstance;
let stop: () => void = () => undefined;
/** Every query the gauges' Prisma client ran. */
let queries = 0;

beforeAll(async () => {
  db = await createTestDatabase('service_metrics');
  feed = await PgChangeFeed.start(db.url);
  base = createPrismaClient(db.url);
  const prisma = base.$extends({
    query: {
      async $allOperations({ args, query }) {
        queries++;
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
  other = new pg.Client({ connectionString: db.url });
  await other.connect();
  // The parts of the context the gauges read: no chain (no head) and no queues here.
  const ctx = {
    changes: feed,
    prisma,
    stats: new PrismaStatsRepository(prisma),
    events: new PrismaIndexedEventRepository(prisma),
    get eventSource(): never {
      throw new Error('no chain in this test');
    },
    queues: { all: () => [] },
    logger: createLogger('silent'),
  } as unknown as Context;
  const registry = new Registry();
  const gauges = startServiceGauges(serviceGaugeSources(ctx));
  stop = () => gauges.stop();
  registerServiceMetrics(registry, { start: () => gauges });
  app = Fastify();
  await app.register(metricsPlugin, { registry });
});

afterAll(async () => {
  stop();
  await app?.close();
  await feed?.close();
  await other?.end();
  await base?.$disconnect();
  await db?.drop();
});

const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
const shows = (series: string) => async () => ((await scrape()).split('\n').includes(series) ? true : undefined);

const insertDelegation = (stash: string, status: string) =>
  other.query(
    `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'test', now(), now())`,
    [stash, status],
  );

describe('service gauges on PostgreSQL', () => {
  it("show another process's writes, read when the change feed announces them", async () => {
    await until('the first readings', shows('ndest_delegators{status="active"} 0'));
    await insertDelegation('stash-1', 'active');
    await insertDelegation('stash-2', 'pending');
    await until('the delegations counted', shows('ndest_delegators{status="active"} 1'));
    await until('both', shows('ndest_delegators{status="pending"} 1'));

    await other.query(`INSERT INTO "ServiceState" (key, value, "updatedAt") VALUES ('indexer.cursor', '4242', now())`);
    await until('the cursor', shows('ndest_indexer_block{which="cursor"} 4242'));

    await other.query(
      `INSERT INTO "Payout" (era, validator, page, status, stashes, "updatedAt") VALUES (7, 'v1', 0, 'paid', '{}', now())`,
    );
    await until('the payout', shows('ndest_payouts{status="paid"} 1'));

    await other.query(
      `INSERT INTO "EraStat" (era, "delegatorsActive", "delegatorsPending", stake, nominated, elected, entered)
       VALUES (7, 1, 0, 0, '{v1,v2}', '{v1,v2}', '{v1,v2}')`,
    );
    await until('the validators entered', shows('ndest_validators_entered_active_set 2'));
  });

  it('runs no query on a scrape', async () => {
    // Whatever the writes above started has ended: the scrape waits for it.
    await scrape();
    const before = queries;
    for (let i = 0; i < 50; i++) await scrape();
    await Promise.all(Array.from({ length: 50 }, scrape));
    expect(queries).toBe(before);
  });

  it('reads a gauge again on a write to its own table only', async () => {
    await scrape();
    const before = queries;
    await other.query(`UPDATE "Delegation" SET status = 'revoked' WHERE stash = 'stash-1'`);
    await until('the revocation', shows('ndest_delegators{status="revoked"} 1'));
    // One statement: the delegations' count (no other gauge's table was written).
    expect(queries - before).toBe(1);
    expect((await scrape()).split('\n')).toContain('ndest_delegators{status="active"} 0');
  });
});
