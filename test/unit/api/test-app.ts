import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { buildApp, type App, type AppDeps } from '../../../src/api/build-app.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: App;
  /** Every log line written so far, raw. */
  logText(): string;
  /** Every log line written so far, parsed. */
  logs(): Record<string, unknown>[];
}

/**
 * The real app with a logger that writes to memory (no redaction configured: the tests check
 * that secrets never reach a log line in the first place) and fake readiness checks.
 */
export async function testApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({
    logger: pino({ level: 'trace' }, sink),
    adminToken: ADMIN_TOKEN,
    readiness: { postgres: async () => undefined },
    metrics: new Registry(),
    routes: [],
    adminRoutes: [],
    version: '0.0.0-test',
    ...overrides,
  });
  return {
    app,
    logText: () => lines.join('\n'),
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
