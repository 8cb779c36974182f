/**
 * `npm start` (src/main/all.ts): the API in the main thread, the workers in a thread of their own
 * in the same process, each with its own context. No chain is needed to see the two start and
 * stop in order: the endpoint given refuses connections, so the workers wait for it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { WORKER_THREAD_NICE } from '../../../src/main/worker-thread.js';

import {
  freePort,
  startServiceProcess,
  waitForHttp,
  waitForLog,
  type ServiceProcess,
} from '../../support/service-processes.js';
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let proc: ServiceProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase('allinone');
}, 60_000);

afterAll(async () => {
  await proc?.kill('SIGKILL');
  await db?.drop();
});

/** Nice value of each thread of a process, by thread id (field 19 of /proc/<pid>/task/<tid>/stat). */
async function threadNiceValues(pid: number): Promise<Map<number, number>> {
  const nice = new Map<number, number>();
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => null);
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) nice.set(Number(tid), Number(fields[16]));
  }
  return nice;
}

/** The pino lines a process printed, parsed. */
const lines = (p: ServiceProcess) =>
  p
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { name: string; msg: string; pid: number; signal?: string });

describe('npm start: API and workers in one process, the workers in their own thread', () => {
  it('serves the API while the workers thread waits for the chain, and stops both in order on SIGTERM', async () => {
    const port = await freePort();
    const dead = await freePort(); // nothing listens there: the chain never answers
    proc = startServiceProcess('all', {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: uniquePrefix('allinone'),
      CHAIN_ENDPOINTS: `ws://127.0.0.1:${dead}`,
      ADMIN_TOKEN: 'all-in-one-admin-token-0123456789',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(base, proc);
    await waitForLog(proc, /workers wait for the chain/);

    const started = lines(proc);
    const waiting = started.find((l) => l.msg === 'workers wait for the chain')!;
    const listening = started.find((l) => l.msg.startsWith('Server listening'))!;
    // One process, two contexts: the workers' lines come from the worker entry point.
    expect(waiting.name).toBe('ndest-worker');
    expect(listening.name).toBe('ndest-all');
    expect(waiting.pid).toBe(proc.child.pid);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // The API's thread (the process's first) keeps its priority; the workers' thread runs below it.
    const nice = await threadNiceValues(proc.child.pid!);
    expect(nice.get(proc.child.pid!)).toBe(0);
    expect([...nice.values()]).toContain(WORKER_THREAD_NICE);

    await proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const stops = lines(proc).filter((l) => l.msg === 'shutting down');
    expect(stops.map((l) => [l.name, l.signal])).toEqual([
      ['ndest-all', 'SIGTERM'],
      ['ndest-worker', 'parent'],
    ]);
  }, 120_000);
});
