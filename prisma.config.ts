import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate). Migrations are created and applied offline by scripts/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
