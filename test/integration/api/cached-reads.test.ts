import { encodeAddress } from '@polkadot/util-crypto';
import type { FastifyPluginAsync } from 'fastify';
import pg from 'pg';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App, type RouteRegistration } from '../../../src/api/build-app.js';
import { candidatesRoutes } from '../../../src/api/routes/candidates.routes.js';
import { delegationsRoutes } from '../../../src/api/routes/delegations.routes.js';
import { roundsRoutes } from '../../../src/api/routes/rounds.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import { Ss58AddressCodec } from '../../../src/chain/address-codec.js';
import { PgChangeFeed, type ChangeFeed } from '../../../src/db/change-feed.js';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../../../src/db/round.repository.js';
import { PrismaSnapshotRepository } from '../../../src/db/snapshot.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

/*
 * The read routes' caches on PostgreSQL's own announcements: a write by anyone shows in the next
 * reads once announced, a write answered by this process shows at once, and the cached bytes are
 * those of the uncached routes.
 */

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let feed: PgChangeFeed;
/** Another process's connection: its writes reach the API only through the announcements. */
let other: pg.Client;
let cached: App;
let uncached: App;

const stash = (n: number) => encodeAddress(new Uint8Array(32).fill(n), 2);

const insertDelegation = (client: pg.Client | ReturnType<typeof createPrismaClient>, address: string) => {
  const sql = `INSERT INTO "Delegation" (id, stash, status, "statusReason", "statusSince", "updatedAt", targets)
     VALUES (gen_random_uuid(), $1, 'pending', 'opted in', '2026-11-28T00:00:00Z', now(), '{}')`;
  return client instanceof pg.Client
    ? client.query(sql, [address])
    : client.$executeRawUnsafe(sql.replace('$1', `'${address}'`));
};

async function appOf(changes: ChangeFeed | undefined): Promise<App> {
  const services = {
    codec: new Ss58AddressCodec(2),
    changes,
    delegations: new PrismaDelegationRepository(prisma),
    rounds: new PrismaRoundRepository(prisma),
    snapshots: new PrismaSnapshotRepository(prisma),
    warnings: async () => ['no nominee in the active set'],
  } as unknown as ApiServices;
  // Stands in for an opt-in: a write through this process's own database client.
  const optIn: FastifyPluginAsync = async (app) => {
    app.post<{ Params: { address: string } }>('/test/opt-in/:address', async (req, reply) => {
      await insertDelegation(prisma, req.params.address);
      return reply.code(201).send({ ok: true });
    });
  };
  const routes: RouteRegistration[] = [candidatesRoutes, roundsRoutes, delegationsRoutes].map((plugin) => ({
    plugin: plugin as RouteRegistration['plugin'],
    options: { services },
  }));
  return buildApp({
    logger: pino({ level: 'silent' }),
    adminToken: null,
    readiness: {},
    metrics: new Registry(),
    routes: [...routes, { plugin: optIn }],
    adminRoutes: [],
    version: '0.0.0-test',
    changes,
  });
}

beforeAll(async () => {
  db = await createTestDatabase('cached_reads');
  prisma = createPrismaClient(db.url);
  feed = await PgChangeFeed.start(db.url);
  other = new pg.Client({ connectionString: db.url });
  await other.connect();
  cached = await appOf(feed);
  uncached = await appOf(undefined);
}, 60_000);

afterAll(async () => {
  await cached?.close();
  await uncached?.close();
  await feed?.close();
  await other?.end();
  await prisma?.$disconnect();
  await db?.drop();
});

const status = async (app: App, url: string) => (await app.inject({ method: 'GET', url })).statusCode;

/** Polls `url` until it answers `expected` (the announcement travels after the commit). */
async function untilStatus(url: string, expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await status(cached, url)) !== expected) {
    if (Date.now() > deadline) throw new Error(`${url} never answered ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('cached reads on PostgreSQL announcements', () => {
  it("show another process's write once it is announced", async () => {
    expect(feed.live()).toBe(true);
    const url = `/v1/delegations/${stash(1)}`;
    expect(await status(cached, url)).toBe(404);
    expect(await status(cached, url)).toBe(404);
    await insertDelegation(other, stash(1));
    await untilStatus(url, 200);

    await other.query(
      `INSERT INTO "CandidateSnapshot" ("source", "fetchedAt", "activeEra", "atBlockHash", "atBlockNumber", "commissionCap", "evaluations", "rejected", "eligibleCount")
       VALUES ('test', now(), 1, '0x00', 1, 0, '[]', '[]', 0)`,
    );
    await untilStatus('/v1/candidates', 200);
  });

  it('show a write this process answered at once, before any announcement could arrive', async () => {
    const url = `/v1/delegations/${stash(2)}`;
    expect(await status(cached, url)).toBe(404);
    const wrote = await cached.inject({ method: 'POST', url: `/test/opt-in/${stash(2)}` });
    expect(wrote.statusCode).toBe(201);
    const read = await cached.inject({ method: 'GET', url });
    expect(read.statusCode).toBe(200);
    expect(read.json().delegation.stash).toBe(stash(2));
  });

  it('answer the bytes and Link headers of the uncached routes', async () => {
    for (let n = 10; n < 14; n++) await insertDelegation(other, stash(n));
    const { rows } = await other.query<{ id: string }>(`SELECT id FROM "Delegation" WHERE stash = $1`, [stash(10)]);
    for (let i = 0; i < 3; i++)
      await other.query(
        `INSERT INTO "DelegationEvent" ("delegationId", "fromStatus", "toStatus", reason, source, at)
         VALUES ($1, 'pending', 'active', $2, 'watcher', '2026-11-28T00:00:00Z')`,
        [rows[0]!.id, `change ${i}`],
      );
    const urls = [
      `/v1/delegations/${stash(10)}`,
      `/v1/delegations/${stash(10)}?limit=2`,
      `/v1/delegations/${stash(99)}`,
      '/v1/candidates',
      '/v1/candidates?limit=1',
      '/v1/rounds',
      '/v1/rounds/1',
    ];
    // Until the writes above are announced, a cached answer may be the older one.
    await untilStatus(`/v1/delegations/${stash(13)}`, 200);
    const deadline = Date.now() + 10_000;
    for (const url of urls) {
      for (let time = 0; time < 2; time++) {
        let [a, b] = [await cached.inject({ method: 'GET', url }), await uncached.inject({ method: 'GET', url })];
        while (a.body !== b.body && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          [a, b] = [await cached.inject({ method: 'GET', url }), await uncached.inject({ method: 'GET', url })];
        }
        expect(a.statusCode, url).toBe(b.statusCode);
        expect(a.body, url).toBe(b.body);
        expect(a.headers['content-type'], url).toBe(b.headers['content-type']);
        expect(a.headers.link, url).toBe(b.headers.link);
      }
    }
  });
});
