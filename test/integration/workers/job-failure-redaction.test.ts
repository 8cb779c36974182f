import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { withRedactedErrors } from '../../../src/redaction.js';
import { until } from '../../support/service-processes.js';
import { testRedisUrl, uniquePrefix } from '../../support/test-env.js';

const ENDPOINT = 'wss://user:key@host/path/KEY123?apikey=x';
const SECRETS = ['user:key', 'KEY123', 'apikey', '/path'];
const prefix = uniquePrefix('redact');
const connection = () => new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
const closers: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** Runs one job through a real BullMQ worker whose processor is wrapped as src/main/worker.ts wraps them. */
/** Processor runs per job name: a job that is not retried runs once. */
const runs = new Map<string, number>();

async function failedJob(name: string, fail: () => Error): Promise<Job> {
  const queue = new Queue(name, { connection: connection(), prefix });
  const processors = withRedactedErrors(
    {
      // The chain library's error for calls in flight when the socket closes carries the endpoint.
      run: async (): Promise<void> => {
        runs.set(name, (runs.get(name) ?? 0) + 1);
        throw fail();
      },
    },
    [ENDPOINT],
  );
  const worker = new Worker(name, processors.run, { connection: connection(), prefix });
  closers.push(
    () => queue.close(),
    () => worker.close(),
  );
  const job = await queue.add('job', {}, { attempts: 3 });
  await until(`job ${name} to fail`, async () => ((await queue.getJobState(job.id!)) === 'failed' ? true : undefined));
  // Read after it failed: a job read before holds the fields of that moment.
  return (await queue.getJob(job.id!))!;
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('a job that fails on a chain error', () => {
  it('stores a failure reason and stack trace without the endpoint', async () => {
    const job = await failedJob(
      'chain-error',
      () => new Error(`disconnected from ${ENDPOINT}: 1006:: Abnormal Closure`),
    );
    expect(job.failedReason).toBe('disconnected from wss://host/…: 1006:: Abnormal Closure');
    expectNoSecret(job.failedReason);
    expectNoSecret((job.stacktrace ?? []).join('\n'));
  });

  it('keeps the error class, so an unrecoverable failure is still not retried', async () => {
    const job = await failedJob('unrecoverable', () => new UnrecoverableError(`bad reply from ${ENDPOINT}`));
    // Counted by the processor: BullMQ's attemptsMade of an unrecoverable failure differs by version.
    expect(runs.get('unrecoverable')).toBe(1);
    expect(job.failedReason).toBe('bad reply from wss://host/…');
  });
});
