import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redactSecrets, toError } from '../../redaction.js';

/** A dependency check: resolves when the dependency answers, throws (or hangs) when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthRoutesOptions {
  readiness: Record<string, ReadinessCheck>;
  /** Per check; checks run in parallel. */
  timeoutMs?: number;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;
const MAX_MESSAGE_LENGTH = 200;

const Live = Type.Object(
  { status: Type.Literal('ok') },
  { additionalProperties: false, description: 'The process serves HTTP' },
);
const readiness = (description: string) =>
  Type.Object(
    {
      status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
      checks: Type.Record(Type.String(), Type.String(), {
        description: "Per dependency: 'ok' or 'error: <short message>'",
        examples: [{ postgres: 'ok', redis: 'ok', chain: 'error: timed out after 2000 ms' }],
      }),
    },
    { additionalProperties: false, description },
  );

export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, options) => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  const checks = Object.entries(options.readiness);

  // Orchestrators probe on their own schedule: never rate limited.
  app.get(
    '/health/live',
    {
      config: { rateLimit: false },
      schema: { summary: 'Liveness: the process serves HTTP', tags: ['operations'], response: { 200: Live } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Readiness: every dependency answers',
        tags: ['operations'],
        response: { 200: readiness('Every dependency answers'), 503: readiness('At least one dependency is down') },
      },
    },
    async (request, reply) => {
      const outcomes = await Promise.all(checks.map(([name, check]) => runCheck(name, check, timeoutMs)));
      const failed = outcomes.filter((outcome) => outcome.error !== null);
      for (const { name, error } of failed) request.log.warn({ check: name, err: error }, 'readiness check failed');
      const report = Object.fromEntries(
        // A dependency's message may quote its URL: never with its credentials.
        outcomes.map(({ name, error }) => [name, error ? `error: ${redactSecrets(shortMessage(error))}` : 'ok']),
      );
      return reply
        .code(failed.length === 0 ? 200 : 503)
        .send({ status: failed.length === 0 ? 'ok' : 'unavailable', checks: report });
    },
  );
};

async function runCheck(
  name: string,
  check: ReadinessCheck,
  timeoutMs: number,
): Promise<{ name: string; error: Error | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // A check may throw synchronously instead of returning a rejected promise.
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { name, error: null };
  } catch (error) {
    return { name, error: toError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function shortMessage(error: Error): string {
  const firstLine = (error.message.split('\n')[0] ?? '').trim() || error.name;
  return firstLine.length > MAX_MESSAGE_LENGTH ? `${firstLine.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : firstLine;
}
