import pg from 'pg';

import { databaseNameOf, quoteIdentifier, withDatabaseName } from './postgres-url.js';

// SQLSTATEs: duplicate_database, and the unique violation two racing CREATE DATABASE can raise.
const DUPLICATE_DATABASE = new Set(['42P04', '23505']);

const MAINTENANCE_DATABASE = 'postgres';

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function maintenanceUrl(databaseUrl: string): string {
  return withDatabaseName(databaseUrl, MAINTENANCE_DATABASE);
}

function sqlStateOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Creates the database the URL names, unless it exists. Returns whether it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      if (DUPLICATE_DATABASE.has(sqlStateOf(error) ?? '')) return false;
      throw error;
    }
  });
}

/** Drops the database the URL names (closing its other sessions first). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  if (name === MAINTENANCE_DATABASE) throw new Error('Refusing to drop the maintenance database');
  await withClient(maintenanceUrl(databaseUrl), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

/** Runs `select 1` with the URL's credentials; false when anything fails. */
export async function answersSelectOne(databaseUrl: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ one: number }>('SELECT 1 AS one');
    return result.rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Holds a session-level advisory lock on a dedicated connection while `work` runs, so that the API
 * and worker processes starting together do not apply the same migration twice.
 */
export async function withAdvisoryLock<T>(databaseUrl: string, key: number, work: () => Promise<T>): Promise<T> {
  return withClient(databaseUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  });
}
