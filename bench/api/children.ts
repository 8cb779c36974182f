import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A child process of the benchmark (chain, service, bare server): its output kept for failures. */
export interface Child {
  name: string;
  child: ChildProcess;
  /** The last 20,000 characters it printed. */
  tail(): string;
  /** Resolves with its exit code or signal once it has exited. */
  exited: Promise<string>;
  /** Resolves with the first line matching `pattern` (its match), rejects if the child exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

const running = new Set<Child>();

/**
 * Every child is killed when the benchmark ends, however it ends: a failed run must not leave a
 * chain or a service holding ports and CPU (process `exit` handlers run synchronously, so SIGKILL).
 */
process.once('exit', () => {
  for (const c of running) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
});

/**
 * Runs a TypeScript entry under Node with tsx as a loader: the pid is the entry's own, so a kill
 * reaches it. `nodeArgs` go before the entry (a CPU profile's flags, say).
 */
export function startChild(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(handle);
      for (const l of listeners) l();
      resolve(signal ?? String(code));
    }),
  );
  const handle: Child = {
    name,
    child,
    tail: () => out,
    exited,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs / 1000} s:\n${out.slice(-3_000)}`));
        }, timeoutMs);
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`${name} exited before ${pattern}:\n${out.slice(-3_000)}`));
          }
        };
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  running.add(handle);
  return handle;
}

/** Resident set size of a process in bytes (Linux /proc), or null when it is gone. */
export async function rssOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? null : Number(kb) * 1024;
}
