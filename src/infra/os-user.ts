import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** An OS account that a child process can be run as. */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

export async function osUser(name: string): Promise<OsUser | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * Whether `user` can reach `dir` (search permission on it and on every parent), asked of the
 * kernel itself rather than worked out from modes: ACLs and groups count as they do for the
 * server. The child runs like the server will, with the user's uid and gid and no
 * supplementary groups (Node drops them when it switches the user).
 */
export function canReach(user: OsUser, dir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], {
      uid: user.uid,
      gid: user.gid,
      stdio: 'ignore',
    });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}
