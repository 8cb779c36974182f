import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

import { PrismaClient } from './generated/client.js';

export type { PrismaClient } from './generated/client.js';

export interface PrismaClientOptions {
  /** Most connections the pool opens (pg's default is 10). */
  maxConnections?: number;
}

/** The pg pool under each client made here, for the statements sent without Prisma (sqlRows). */
const pools = new WeakMap<PrismaClient, { pool: pg.Pool; connected: Promise<void> | null }>();

/**
 * The Prisma client over the pg driver adapter (Prisma 7 has no Rust query engine). Call
 * `$disconnect()` on shutdown: it closes the pool.
 */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections });
  // An idle connection the server closed is dropped by the pool; unheard, the event would end the process.
  pool.on('error', () => undefined);
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, { pool, connected: null });
  return client;
}

/**
 * The rows of one SQL statement sent straight through the client's own pool (same connections,
 * same limit). For hot reads only: the same statement through Prisma's `$queryRaw` costs three to
 * four times the driver's own CPU (bench/README.md), and a read that answers a wallet at every
 * launch pays that on every miss. Values are bound as pg binds them (never spliced into `text`).
 *
 * `prepared` names the statement on each connection (one name per text, for the process's life):
 * the server parses and plans it once per connection instead of at every execution, which was
 * most of PostgreSQL's work on a status lookup (bench/README.md).
 */
export async function sqlRows<R>(
  client: PrismaClient,
  text: string,
  values: unknown[],
  prepared?: string,
): Promise<R[]> {
  const entry = pools.get(client);
  if (!entry) throw new Error('sqlRows: this client was not made by createPrismaClient');
  // Prisma owns the pool's end ($disconnect): it must have connected for that to reach the pool.
  entry.connected ??= client.$connect().catch((error: unknown) => {
    entry.connected = null; // the next statement tries again
    throw error;
  });
  await entry.connected;
  const result = await entry.pool.query<R & pg.QueryResultRow>({ text, values, name: prepared });
  return result.rows;
}
