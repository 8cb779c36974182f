/**
 * Offline stand-in for the Prisma migrate CLI (which needs an engine binary it cannot download):
 *   tsx scripts/migrate.ts [deploy]             apply pending migrations to DATABASE_URL (creates the database)
 *   tsx scripts/migrate.ts create <name>        write prisma/migrations/<timestamp>_<name>/migration.sql
 *   tsx scripts/migrate.ts check                exit 1 when prisma/schema.prisma has changes no migration holds
 *   tsx scripts/migrate.ts rolled-back <name>   mark a failed migration as rolled back
 * Without DATABASE_URL it uses the local default, postgresql://postgres@127.0.0.1:5432/ndest.
 */
import { consoleLogger } from '../src/infra/infra-logger.js';
import { DEFAULT_DATABASE_URL } from '../src/infra/local-defaults.js';
import {
  applyMigrations,
  createMigration,
  markMigrationRolledBack,
  pendingSchemaChanges,
} from '../src/infra/migrations.js';

const USAGE = 'usage: tsx scripts/migrate.ts [deploy] | create <name> | check | rolled-back <name>';

async function main(argv: string[]): Promise<number> {
  const [command = 'deploy', name, ...rest] = argv;
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (rest.length > 0) throw new Error(USAGE);
  if (command === 'deploy' && name === undefined) {
    await applyMigrations(databaseUrl, { logger: consoleLogger });
  } else if (command === 'create' && name !== undefined) {
    await createMigration({ databaseUrl, name, logger: consoleLogger });
  } else if (command === 'check' && name === undefined) {
    const sql = await pendingSchemaChanges({ databaseUrl });
    if (sql !== null) {
      console.error(
        `prisma/schema.prisma has changes no migration holds; run: npm run db:migrate:create -- <name>\n${sql}`,
      );
      return 1;
    }
    console.log('migrations match prisma/schema.prisma');
  } else if (command === 'rolled-back' && name !== undefined) {
    await markMigrationRolledBack(databaseUrl, name, consoleLogger);
  } else {
    throw new Error(USAGE);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
