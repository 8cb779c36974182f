import { applyMigrations } from '../src/infra/migrations.js';
import { dropDatabase, ensureDatabase } from '../src/infra/postgres-admin.js';
import { withDatabaseName } from '../src/infra/postgres-url.js';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A freshly migrated database of this benchmark run alone, on the server of `BENCH_DATABASE_URL`
 * (default: the local PostgreSQL the tests use), dropped at the end.
 */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const url = withDatabaseName(server, `ndest_bench_${label}_${process.pid}`);
  await ensureDatabase(url);
  await applyMigrations(url);
  return { url, drop: () => dropDatabase(url) };
}
