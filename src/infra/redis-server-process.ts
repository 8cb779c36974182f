import { spawn } from 'node:child_process';

import { findFreePort } from './free-port.js';
import type { InfraLogger } from './infra-logger.js';
import { redisAnswersPing } from './redis-probe.js';

export interface StartedServer {
  url: string;
  stop(): Promise<void>;
}

const START_DEADLINE_MS = 10_000;
const POLL_INTERVAL_MS = 50;

/**
 * Spawns Debian's `redis-server` on a free loopback port, without persistence and with the
 * `noeviction` policy BullMQ requires. Resolves once it answers PING.
 */
export async function startRedisServer(logger: InfraLogger, binary = 'redis-server'): Promise<StartedServer> {
  const port = await findFreePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  // Own process group: a Ctrl-C in the terminal reaches only the service, whose ordered shutdown
  // closes the workers while Redis still answers, then calls stop().
  const child = spawn(binary, [...args, '--maxmemory-policy', 'noeviction'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const remember = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);

  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(`exited (code ${code ?? 'null'}, signal ${signal ?? 'null'})`));
  });
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);

  const deadline = Date.now() + START_DEADLINE_MS;
  let failure: string | undefined;
  void exited.then((reason) => (failure = reason));
  while (failure === undefined && !(await redisAnswersPing(url, 500))) {
    if (Date.now() > deadline) {
      failure = `did not answer PING within ${START_DEADLINE_MS} ms`;
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  if (failure !== undefined) {
    process.removeListener('exit', killOnExit);
    throw new Error(`Could not start ${binary} on port ${port}: ${failure}\n${output.trim()}`);
  }
  logger.info({ redisUrl: url, pid: child.pid }, 'started a local redis-server');

  return {
    url,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
