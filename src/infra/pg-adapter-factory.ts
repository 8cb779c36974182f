import { randomUUID } from 'node:crypto';

import { PrismaPg } from '@prisma/adapter-pg';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

import { dropDatabase, ensureDatabase } from './postgres-admin.js';
import { withDatabaseName } from './postgres-url.js';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function charColumnsAsText(result: unknown): unknown {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as QueryResultLike | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

/**
 * The schema engine reads catalog columns of PostgreSQL's one-byte `"char"` type (`relkind`,
 * `contype`, …) which @prisma/adapter-pg 7.10 rejects as an unsupported column type. Their values
 * arrive as one-character strings anyway, so this client reports them as `text`.
 */
class CharAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    const patched = (...args: unknown[]): unknown => {
      const last = args.at(-1);
      if (typeof last === 'function') {
        const callback = last as (error: unknown, result: unknown) => void;
        return query(...args.slice(0, -1), (error: unknown, result: unknown) =>
          callback(error, error ? result : charColumnsAsText(result)),
        );
      }
      const returned = query(...args);
      return returned instanceof Promise ? returned.then(charColumnsAsText) : returned;
    };
    Object.assign(this, { query: patched });
  }
}

/** Postgres errors keep their SQLSTATE and message in the engine's report; others pass as they are. */
function asDriverAdapterError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError) {
    return new DriverAdapterError({
      kind: 'postgres',
      code: error.code ?? 'unknown',
      severity: error.severity ?? 'ERROR',
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
    });
  }
  return error;
}

/**
 * PrismaPg's `executeScript` splits the script on every `;`, which breaks function bodies and
 * string literals and runs each statement in its own transaction. One simple-protocol query runs
 * the whole migration atomically, as the native engine does.
 */
async function executeWholeScript(pool: pg.Pool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    throw asDriverAdapterError(error);
  }
}

export interface ClosableAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes every pool this factory opened that the engine did not dispose. */
  close(): Promise<void>;
}

type PrismaPgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

function adapterFor(databaseUrl: string): PrismaPg {
  return new PrismaPg({ connectionString: databaseUrl, Client: CharAsTextClient });
}

/**
 * Driver adapters for the schema engine. More departures from plain `PrismaPg`:
 * - its shadow database spreads `{ connectionString, database }` into a pg pool, where the
 *   connection string's database wins, so the "shadow" would be the main database; here a real
 *   temporary database is created on the same server and dropped on dispose;
 * - freeing the engine does not dispose the adapters, whose idle pools would keep the process
 *   alive: `close()` does it.
 */
export function schemaEngineAdapterFactory(databaseUrl: string): ClosableAdapterFactory {
  const open = new Set<SqlDriverAdapter>();

  function track(adapter: PrismaPgAdapter, afterDispose?: () => Promise<void>): SqlDriverAdapter {
    adapter.executeScript = (script) => executeWholeScript(adapter.underlyingDriver(), script);
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      open.delete(adapter);
      disposed ??= dispose().then(afterDispose);
      return disposed;
    };
    open.add(adapter);
    return adapter;
  }

  const main = adapterFor(databaseUrl);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => track(await main.connect()),
    async connectToShadowDb() {
      const shadowUrl = withDatabaseName(databaseUrl, `prisma_shadow_${randomUUID().replaceAll('-', '')}`);
      await ensureDatabase(shadowUrl);
      return track(await adapterFor(shadowUrl).connect(), () => dropDatabase(shadowUrl));
    },
    async close() {
      await Promise.all([...open].map((adapter) => adapter.dispose()));
    },
  };
}
