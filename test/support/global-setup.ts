/**
 * Vitest global setup of the integration project: one fresh, migrated database per run (so runs
 * on the same server never share rows), the Redis URL, and a run id for key prefixes.
 * Tests read them through test/support/test-env.ts.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';

import { applyMigrations } from '../../src/infra/migrations.js';
import { answersSelectOne, dropDatabase } from '../../src/infra/postgres-admin.js';
import { redactUrl, withDatabaseName } from '../../src/infra/postgres-url.js';
import { redisAnswersPing } from '../../src/infra/redis-probe.js';
import { deleteKeysMatching } from '../../src/infra/redis-keys.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated database of this run. */
    databaseUrl: string;
    redisUrl: string;
    /** Unique per run: prefixes test databases, queues and Redis keys. */
    testRunId: string;
  }
}

const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Drops test databases a crashed run left behind (only old ones: other runs may be live). */
async function dropStaleTestDatabases(serverUrl: string, now: number): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^ndest_test_[0-9]+_'",
    );
    for (const { datname } of rows) {
      const startedAt = Number(datname.split('_')[2]);
      if (now - startedAt > STALE_AFTER_MS) await dropDatabase(withDatabaseName(serverUrl, datname));
    }
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await answersSelectOne(withDatabaseName(serverUrl, 'postgres')))) {
    throw new Error(
      `Integration tests need PostgreSQL at ${redactUrl(serverUrl)} (set TEST_DATABASE_URL, or start it: ` +
        'pg_ctlcluster --skip-systemctl-redirect 15 main start)',
    );
  }
  if (!(await redisAnswersPing(redisUrl))) {
    throw new Error(
      `Integration tests need Redis at ${redactUrl(redisUrl)} (set TEST_REDIS_URL, or start it: ` +
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)',
    );
  }

  const now = Date.now();
  const testRunId = `ndest_test_${now}_${process.pid}`;
  const databaseUrl = withDatabaseName(serverUrl, testRunId);
  await dropStaleTestDatabases(serverUrl, now);
  await applyMigrations(databaseUrl);

  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('testRunId', testRunId);

  return async () => {
    await Promise.all([dropDatabase(databaseUrl), deleteKeysMatching(redisUrl, `${testRunId}*`)]);
  };
}
