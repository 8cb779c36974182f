import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  applyMigrations,
  createMigration,
  DEFAULT_MIGRATIONS_DIR,
  pendingSchemaChanges,
} from '../../../src/infra/migrations.js';
import { dropDatabase } from '../../../src/infra/postgres-admin.js';
import { withDatabaseName } from '../../../src/infra/postgres-url.js';
import { testDatabaseUrl, uniquePrefix } from '../../support/test-env.js';

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const created: string[] = [];
function freshDatabaseUrl(label: string): string {
  const url = withDatabaseName(testDatabaseUrl(), uniquePrefix(label));
  created.push(url);
  return url;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'ndest-migrations-'));
});
afterAll(async () => {
  await Promise.all(created.map((url) => dropDatabase(url)));
  await rm(scratch, { recursive: true, force: true });
});

async function repoMigrationNames(): Promise<string[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function copyOfRepoMigrations(name: string): Promise<string> {
  const dir = path.join(scratch, name);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

describe('applyMigrations', () => {
  it('creates the database, applies every migration once, and is a no-op the second time', async () => {
    const url = freshDatabaseUrl('apply');
    const folders = await repoMigrationNames();

    const first = await applyMigrations(url);
    expect(first).toEqual({ databaseCreated: true, applied: folders });
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['Delegation', 'Round', 'RoundBatch', '_prisma_migrations']),
    );

    const second = await applyMigrations(url);
    expect(second).toEqual({ databaseCreated: false, applied: [] });
    const history = await query<{ migration_name: string; finished_at: Date | null }>(
      url,
      'SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.map((row) => row.migration_name)).toEqual(folders);
    expect(history.every((row) => row.finished_at !== null)).toBe(true);
  });

  it('applies each migration exactly once when two processes start together', async () => {
    const url = freshDatabaseUrl('race');
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(await repoMigrationNames());
    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM _prisma_migrations');
    expect(Number(rows[0]?.n)).toBe(a.applied.length + b.applied.length);
  });

  it('runs a migration as one script: function bodies and literals may hold semicolons', async () => {
    const dir = await copyOfRepoMigrations('semicolons');
    await addMigration(
      dir,
      '29990101000000_semicolons',
      `CREATE FUNCTION ndest_semicolon_probe() RETURNS text AS $$
BEGIN
  RETURN 'a;b';
END;
$$ LANGUAGE plpgsql;
INSERT INTO "ServiceState" (key, value, "updatedAt") VALUES ('probe', 'x;y', now());
`,
    );
    const url = freshDatabaseUrl('semicolons');
    await applyMigrations(url, { migrationsDir: dir });
    const [row] = await query<{ probe: string; value: string }>(
      url,
      `SELECT ndest_semicolon_probe() AS probe, value FROM "ServiceState" WHERE key = 'probe'`,
    );
    expect(row).toEqual({ probe: 'a;b', value: 'x;y' });
  });

  it('leaves nothing of a failing migration behind and names it in the error', async () => {
    const dir = await copyOfRepoMigrations('failing');
    await addMigration(
      dir,
      '29990101000000_half_done',
      'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n',
    );
    const url = freshDatabaseUrl('failing');
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/29990101000000_half_done/);
    const [row] = await query<{ found: string | null }>(url, "SELECT to_regclass('half_done')::text AS found");
    expect(row?.found).toBeNull();
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/failed migrations/);
  });
});

describe('createMigration', () => {
  it('writes the first migration from the schema, then reports no changes', async () => {
    const dir = path.join(scratch, 'created');
    const server = testDatabaseUrl();
    const first = await createMigration({
      databaseUrl: server,
      name: 'Init schema',
      migrationsDir: dir,
      now: new Date('2030-01-02T03:04:05Z'),
    });
    expect(first.migrationName).toBe('20300102030405_init_schema');
    const sql = await readFile(path.join(dir, '20300102030405_init_schema', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Delegation"');
    expect(await readFile(path.join(dir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');

    const again = await createMigration({ databaseUrl: server, name: 'again', migrationsDir: dir });
    expect(again).toEqual({ migrationName: null, folder: null });
    expect(await readdir(dir)).toHaveLength(2);
  });

  it('finds no schema change that the committed migrations lack', async () => {
    const sql = await pendingSchemaChanges({ databaseUrl: testDatabaseUrl() });
    expect(sql, 'prisma/schema.prisma changed: run `npm run db:migrate:create -- <name>`').toBeNull();
  });
});
