import type { FastifyPluginAsync } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { RouteRegistration } from '../../../src/api/build-app.js';
import { roundsRoutes } from '../../../src/api/routes/rounds.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import type { ChangeFeed } from '../../../src/db/change-feed.js';
import { snapshot } from './api-fixtures.js';
import { byteServices, readApp, URLS } from './read-fixtures.js';
import { testApp, type TestApp } from './test-app.js';

/** A feed whose announcements the test makes: live, each table's counter moved by `announce`. */
function manualFeed() {
  const versions = new Map<string, number>();
  let epoch = 0;
  let invalidations = 0;
  const feed: ChangeFeed = {
    version: (table) => epoch + (versions.get(table) ?? 0),
    live: () => true,
    invalidateAll: () => {
      epoch++;
      invalidations++;
    },
    onChange: () => () => undefined,
  };
  return {
    feed,
    announce: (table: string) => versions.set(table, (versions.get(table) ?? 0) + 1),
    invalidations: () => invalidations,
  };
}

/** The read services, counting the repository reads, with delegations that the test may add. */
function countingServices(changes?: ChangeFeed) {
  const base = byteServices();
  const stashes = new Set(['HSTASH']);
  const reads = { delegation: 0, snapshot: 0, roundList: 0, warnings: 0 };
  let snapshots = [snapshot('1', 4)];
  const services: ApiServices = {
    ...base,
    changes,
    delegations: {
      view: async (stash, page, latest) => {
        reads.delegation++;
        return stashes.has(stash) ? base.delegations.view(stash, page, latest) : null;
      },
    },
    snapshots: {
      latest: async () => {
        reads.snapshot++;
        return snapshots[snapshots.length - 1] ?? null;
      },
      get: async (id: string) => {
        reads.snapshot++;
        return snapshots.find((s) => s.id === id) ?? null;
      },
    },
    rounds: {
      ...base.rounds,
      list: async (input) => {
        reads.roundList++;
        return base.rounds.list(input);
      },
    },
    warnings: async (stash) => {
      reads.warnings++;
      return base.warnings(stash);
    },
  };
  return {
    services,
    reads,
    optIn: (stash: string) => stashes.add(stash),
    takeSnapshot: (s: ReturnType<typeof snapshot>) => (snapshots = [...snapshots, s]),
  };
}

/** A write route standing in for an opt-in: it stores, and tells no feed about it. */
const writeRoute =
  (write: (stash: string) => void): FastifyPluginAsync =>
  async (app) => {
    app.post<{ Params: { stash: string } }>('/test/opt-in/:stash', async (req, reply) => {
      write(req.params.stash);
      return reply.code(201).send({ ok: true });
    });
  };

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function appOf(services: ApiServices, extra: RouteRegistration[] = [], changes?: ChangeFeed) {
  t = await readApp(services, { routes: extra, changes });
  return t.app;
}

const get = async (url: string) => {
  const res = await t!.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body, link: res.headers.link };
};

describe('cached reads on the change feed', () => {
  it('answer from memory until a table they read is announced, then read again', async () => {
    const m = manualFeed();
    const s = countingServices(m.feed);
    await appOf(s.services, [], m.feed);

    const first = await get('/v1/delegations/HSTASH');
    expect(first.status).toBe(200);
    expect(await get('/v1/delegations/HSTASH')).toEqual(first);
    expect(s.reads.delegation).toBe(1);
    // The warnings follow the chain's head: asked on every request.
    expect(s.reads.warnings).toBe(2);

    // A table the view does not read leaves it cached.
    m.announce('Payout');
    await get('/v1/delegations/HSTASH');
    expect(s.reads.delegation).toBe(1);

    m.announce('DelegationEvent');
    expect(await get('/v1/delegations/HSTASH')).toEqual(first);
    expect(s.reads.delegation).toBe(2);

    await get('/v1/candidates');
    await get('/v1/candidates?limit=2');
    await get('/v1/candidates?limit=2&cursor=1-2');
    await get('/v1/candidates');
    // Two reads for four pages: the latest snapshot, and the one the cursor names.
    expect(s.reads.snapshot).toBe(2);
    s.takeSnapshot(snapshot('2', 3));
    expect(JSON.parse((await get('/v1/candidates')).body).snapshotId).toBe('1');
    m.announce('CandidateSnapshot');
    expect(JSON.parse((await get('/v1/candidates')).body).snapshotId).toBe('2');

    await get('/v1/rounds');
    await get('/v1/rounds');
    expect(s.reads.roundList).toBe(1);
    m.announce('RoundSelection');
    await get('/v1/rounds');
    expect(s.reads.roundList).toBe(2);
  });

  it('keep "not found", and an unknown address costs no repository read and no warnings', async () => {
    const m = manualFeed();
    const s = countingServices(m.feed);
    await appOf(s.services, [], m.feed);
    for (let i = 0; i < 3; i++) {
      const res = await get('/v1/delegations/HNOBODY');
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body).error.code).toBe('DELEGATION_NOT_FOUND');
    }
    expect(s.reads.delegation).toBe(1);
    expect(s.reads.warnings).toBe(0);
    // Nothing above debug for a client's unknown address.
    expect(t!.logs().filter((l) => (l.level as number) > 20)).toEqual([]);
  });

  it('are read again after a write this process answered (read-your-writes), not after a read', async () => {
    const m = manualFeed();
    const s = countingServices(m.feed);
    await appOf(s.services, [{ plugin: writeRoute(s.optIn) }], m.feed);
    expect((await get('/v1/delegations/HNEW')).status).toBe(404);
    await get('/v1/rounds');
    expect(m.invalidations()).toBe(0);

    const wrote = await t!.app.inject({ method: 'POST', url: '/test/opt-in/HNEW' });
    expect(wrote.statusCode).toBe(201);
    expect(m.invalidations()).toBe(1);
    // No announcement yet: the answer of the write made the cache read again all the same.
    const after = await get('/v1/delegations/HNEW');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).delegation.stash).toBe('HNEW');

    // A refused write counts too (it may have written before failing).
    await t!.app.inject({ method: 'DELETE', url: '/v1/delegations/HNEW', payload: {} });
    expect(m.invalidations()).toBe(2);
  });

  it('without a feed, read the repositories on every request', async () => {
    const s = countingServices(undefined);
    await appOf(s.services);
    for (let i = 0; i < 3; i++) {
      await get('/v1/delegations/HSTASH');
      await get('/v1/delegations/HNOBODY');
      await get('/v1/candidates');
      await get('/v1/rounds');
    }
    expect(s.reads).toEqual({ delegation: 6, snapshot: 3, roundList: 3, warnings: 3 });
  });

  it('answer the same bytes and Link headers as the uncached routes, from memory as on the first read', async () => {
    const m = manualFeed();
    const uncached = await readApp(byteServices());
    try {
      await appOf({ ...byteServices(), changes: m.feed }, [], m.feed);
      for (const url of URLS) {
        const expected = await uncached.app.inject({ method: 'GET', url });
        for (const _ of [1, 2]) {
          const res = await t!.app.inject({ method: 'GET', url });
          expect(res.statusCode, url).toBe(expected.statusCode);
          expect(res.body, url).toBe(expected.body);
          expect(res.headers['content-type'], url).toBe(expected.headers['content-type']);
          expect(res.headers.link, url).toBe(expected.headers.link);
        }
      }
    } finally {
      await uncached.app.close();
    }
  });
});

describe('request logs', () => {
  it('are one line per request at debug, with the request id, and none at info', async () => {
    const s = countingServices(undefined);
    await appOf(s.services);
    const res = await t!.app.inject({ method: 'GET', url: '/v1/rounds', headers: { 'x-request-id': 'req-7' } });
    expect(res.headers['x-request-id']).toBe('req-7');
    const lines = t!.logs().filter((l) => l.reqId === 'req-7');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[20, 'request completed']]);
    expect(lines[0]).toMatchObject({ req: { method: 'GET', url: '/v1/rounds' }, res: { statusCode: 200 } });
    expect(lines[0]!.responseTime).toEqual(expect.any(Number));
  });

  it('log a slow request at info', async () => {
    const s = countingServices(undefined);
    t = await testApp({
      slowRequestMs: 0,
      routes: [{ plugin: roundsRoutes as RouteRegistration['plugin'], options: { services: s.services } }],
    });
    await t.app.inject({ method: 'GET', url: '/v1/rounds', headers: { 'x-request-id': 'slow-1' } });
    const line = t.logs().find((l) => l.reqId === 'slow-1' && l.msg === 'slow request');
    expect(line).toMatchObject({ level: 30, res: { statusCode: 200 }, unloggedSlowRequests: 0 });
  });
});
