/**
 * The one migration code path: `scripts/migrate.ts`, the service start and the test global setup
 * all call these functions. It drives Prisma's schema engine (WebAssembly) through the pg driver
 * adapter, so no engine binary and no internet are needed, and it keeps the standard
 * `_prisma_migrations` table: `prisma migrate deploy` works on the same folder and database.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { SchemaFilter } from '@prisma/schema-engine-wasm';

import { silentLogger, type InfraLogger } from './infra-logger.js';
import { migrationTimestamp, readMigrationsFolder, writeMigration } from './migrations-folder.js';
import { ensureDatabase, withAdvisoryLock } from './postgres-admin.js';
import { redactUrl, withDatabaseName } from './postgres-url.js';
import { withSchemaEngine } from './schema-engine.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_MIGRATIONS_DIR = path.join(repoRoot, 'prisma', 'migrations');
export const DEFAULT_SCHEMA_PATH = path.join(repoRoot, 'prisma', 'schema.prisma');

// Arbitrary constant (ASCII "NDST"); it differs from the key the engine itself may lock.
const MIGRATE_LOCK_KEY = 0x4e445354;
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
  logger?: InfraLogger;
}

export interface ApplyMigrationsResult {
  databaseCreated: boolean;
  applied: string[];
}

/** Creates the database if missing and applies pending migrations. Safe to call on every start. */
export async function applyMigrations(
  databaseUrl: string,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const logger = options.logger ?? silentLogger;
  const migrationsList = await readMigrationsFolder(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${migrationsList.baseDir}`);
  }
  const databaseCreated = await ensureDatabase(databaseUrl);
  if (databaseCreated) logger.info({ database: redactUrl(databaseUrl) }, 'created database');
  const { appliedMigrationNames } = await withAdvisoryLock(databaseUrl, MIGRATE_LOCK_KEY, () =>
    withSchemaEngine({ databaseUrl, logger }, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    ),
  );
  logger.info(
    { database: redactUrl(databaseUrl), applied: appliedMigrationNames },
    appliedMigrationNames.length === 0 ? 'database schema is up to date' : 'applied migrations',
  );
  return { databaseCreated, applied: appliedMigrationNames };
}

export interface SchemaDiffOptions {
  /** A URL of the server to diff on (its database part is ignored). */
  databaseUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
  logger?: InfraLogger;
}

/** The SQL that takes the migrations folder to the schema file, or null when they match. */
export async function pendingSchemaChanges(options: SchemaDiffOptions): Promise<string | null> {
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
  const migrationsList = await readMigrationsFolder(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  // Only the server matters (the engine replays the migrations in a shadow database there), so
  // connect to its maintenance database rather than create the target one.
  const serverUrl = withDatabaseName(options.databaseUrl, 'postgres');
  const result = await withSchemaEngine(
    { databaseUrl: serverUrl, datamodels: [[schema.path, schema.content]], logger: options.logger },
    (engine) =>
      engine.diff({
        from:
          migrationsList.migrationDirectories.length === 0
            ? { tag: 'empty' }
            : { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
  );
  // With `exitCode: true` the engine answers 2 when there is something to migrate, 0 when not.
  return result.exitCode === 0 || result.stdout === null ? null : result.stdout;
}

export interface CreateMigrationOptions extends SchemaDiffOptions {
  name: string;
  now?: Date;
}

export interface CreateMigrationResult {
  /** Null when the schema already matches the migrations. */
  migrationName: string | null;
  folder: string | null;
}

/** `Add fee column!` → `add_fee_column`, as the Prisma CLI names migration folders. */
export function slugifyMigrationName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (slug === '') throw new Error(`Invalid migration name: ${JSON.stringify(name)}`);
  return slug;
}

/** Writes a new migration with the SQL that takes the existing migrations to the schema file. */
export async function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const logger = options.logger ?? silentLogger;
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const migrationName = `${migrationTimestamp(options.now ?? new Date())}_${slugifyMigrationName(options.name)}`;
  const sql = await pendingSchemaChanges(options);
  if (sql === null) {
    logger.info({ migrationsDir }, 'no changes: the schema matches the migrations');
    return { migrationName: null, folder: null };
  }
  const folder = await writeMigration(migrationsDir, migrationName, sql);
  logger.info({ folder }, 'created migration');
  return { migrationName, folder };
}

/** Marks a failed migration as rolled back (after fixing the database by hand), like `prisma migrate resolve --rolled-back`. */
export async function markMigrationRolledBack(
  databaseUrl: string,
  migrationName: string,
  logger: InfraLogger = silentLogger,
): Promise<void> {
  await withSchemaEngine({ databaseUrl, logger }, (engine) => engine.markMigrationRolledBack({ migrationName }));
  logger.info({ migrationName }, 'marked migration as rolled back');
}
