/** What integration tests know about their environment (provided by test/support/global-setup.ts). */
import { randomBytes } from 'node:crypto';

import { inject } from 'vitest';

import { applyMigrations } from '../../src/infra/migrations.js';
import { dropDatabase } from '../../src/infra/postgres-admin.js';
import { withDatabaseName } from '../../src/infra/postgres-url.js';

/** The run's migrated database, shared by every integration test file of the run. */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

export function testRedisUrl(): string {
  return inject('redisUrl');
}

function slug(name: string, maxLength: number): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxLength);
}

function runScopedName(name: string, maxSlugLength: number): string {
  return `${inject('testRunId')}_${slug(name, maxSlugLength)}_${randomBytes(4).toString('hex')}`;
}

/**
 * A name no other test (of this or another run) uses, starting with the run id so the global
 * teardown removes its Redis keys: use it as the BullMQ `prefix` (no `:` inside, so it also fits
 * where BullMQ forbids one).
 */
export function uniquePrefix(name: string): string {
  return runScopedName(name, 30);
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A separate, freshly migrated database, for tests that need an empty one of their own. */
export async function createTestDatabase(name: string): Promise<TestDatabase> {
  // PostgreSQL cuts names at 63 bytes: keep the label short.
  const url = withDatabaseName(testDatabaseUrl(), runScopedName(name, 14));
  await applyMigrations(url);
  return { url, drop: () => dropDatabase(url) };
}
