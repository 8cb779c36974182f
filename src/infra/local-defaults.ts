/** Where `npm start` without configuration looks for PostgreSQL and Redis first. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/ndest';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
