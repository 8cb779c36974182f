import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findFreePort } from '../../src/infra/free-port.js';
import { repoRoot } from '../../test/support/dev-chain.js';

export interface DemoService {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<string>;
  /** Its last lines of output, for a failure message. */
  tail(): string;
  /** Whether its era watcher has recorded the first era (from then on, an era change starts a round). */
  firstEraSeen(): boolean;
  stop(): Promise<void>;
}

/** DEMO_PORT (default 3000; 0: any free port); a taken port gives way to a free one. */
export async function pickServicePort(raw: string | undefined, log: (line: string) => void): Promise<number> {
  const wanted = raw === undefined || raw.trim() === '' ? 3000 : Number(raw);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535)
    throw new Error(`DEMO_PORT must be a port number, got "${raw}"`);
  if (wanted === 0) return findFreePort();
  if (await isFree(wanted)) return wanted;
  const port = await findFreePort();
  log(`port ${wanted} is taken: the app gets port ${port}`);
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * The service as `npm start` runs it (src/main/all.ts: API, workers and the web app in one
 * process), under Node with tsx as a loader, in its own process group: a Ctrl-C reaches the demo
 * only, which stops the service first, while the chain it talks to still answers. Its JSON log
 * goes to `logFile`.
 */
export function startDemoService(env: Record<string, string>, logFile: string): DemoService {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'main', 'all.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const file = createWriteStream(logFile);
  let tail = '';
  let firstEraSeen = false;
  const keep = (chunk: Buffer) => {
    file.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-8_000);
    firstEraSeen ||= /first active era seen/.test(tail);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      file.end();
      resolve(signal ?? String(code));
    }),
  );
  // Should the demo die without stopping it, the service goes too.
  const killOnExit = () => void child.kill('SIGTERM');
  process.once('exit', killOnExit);
  return {
    child,
    exited,
    tail: () => tail,
    firstEraSeen: () => firstEraSeen,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Until the app answers, its chain connection is up and the era watcher recorded the first era
 * (from then on, an era change starts a round); fails when the service exits or takes too long.
 */
export async function waitUntilReady(base: string, service: DemoService, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  void service.exited.then((how) => (exited = how));
  for (;;) {
    if (exited !== null) throw new Error(`the service stopped (${exited}):\n${service.tail().slice(-3_000)}`);
    if (Date.now() > deadline) throw new Error(`the service was not ready within ${timeoutMs / 1000} s`);
    if (service.firstEraSeen() && (await chainReady(base))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function chainReady(base: string): Promise<boolean> {
  const res = await fetch(`${base}/health/ready`).catch(() => null);
  const body = (await res?.json().catch(() => null)) as { checks?: Record<string, string> } | null;
  return body?.checks?.chain === 'ok';
}
