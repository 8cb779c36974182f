import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Everything it printed (pino JSON lines), for assertions and for failure messages. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts one of the service's real entry points (src/main/*-main.ts) as a child process. */
export function startServiceProcess(
  entry: 'api-main' | 'worker-main' | 'all',
  env: Record<string, string>,
): ServiceProcess {
  // Node itself, with tsx as a loader: the pid is the service's own, so a SIGKILL really kills it
  // (the tsx wrapper would leave its child running).
  // As deployed: the API process never receives the operator's seed, only its address.
  const own =
    entry === 'api-main' ? Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'OPERATOR_SEED')) : env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'main', `${entry}.ts`)], {
    cwd: repoRoot,
    // Every request of a test comes from 127.0.0.1, polls included: no rate limits unless the
    // test's own environment sets them.
    env: { ...process.env, LOG_LEVEL: 'info', RATE_LIMIT_READ_PER_MIN: '0', RATE_LIMIT_SIGNED_PER_MIN: '0', ...own },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name: entry,
    child,
    output: () => out,
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function waitForHttp(baseUrl: string, proc: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  await until(
    `${proc.name} to answer on ${baseUrl}`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output().slice(-3000)}`);
      const res = await fetch(`${baseUrl}/health/live`).catch(() => null);
      return res?.ok ? true : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/**
 * Waits until the API's chain connection is up (`/health/ready` reports `chain: ok`): the process
 * serves HTTP before its chain answers, and refuses chain work (opt-in, rounds) with 503 until then.
 */
export async function waitForChainReady(baseUrl: string, proc: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  await until(
    `${proc.name}'s chain connection on ${baseUrl}`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output().slice(-3000)}`);
      const res = await fetch(`${baseUrl}/health/ready`).catch(() => null);
      const body = (await res?.json().catch(() => null)) as { checks?: Record<string, string> } | null;
      return body?.checks?.chain === 'ok' ? true : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** Waits until the process logged a line matching `pattern` (its pino `msg`). */
export async function waitForLog(proc: ServiceProcess, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  await until(
    `${proc.name} to log ${pattern}`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output().slice(-3000)}`);
      return pattern.test(proc.output()) ? true : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}
