import { startChild, type Child } from './children.js';

export interface ServiceInput {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  chainEndpoint: string;
  operatorSeed: string;
  adminToken: string;
  candidatesUrl: string;
  /** Where the service writes a CPU profile of each of its threads when it stops (none: no profile). */
  profileDir?: string;
}

export interface RunningService {
  process: Child;
  base: string;
  adminHeaders: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The service as `npm start` runs it (src/main/all.ts: the API and the workers in one process, the workers in a thread),
 * at LOG_LEVEL=info (the default), with the rate limits off: autocannon is one client standing in
 * for many wallets. The delegation watcher runs once at start (on an empty database) and then only
 * daily: the seeded stashes have no proxy on the local chain, and a watch would revoke them all.
 */
export async function startService(input: ServiceInput, log: (line: string) => void): Promise<RunningService> {
  const child = startChild(
    'service',
    'src/main/all.ts',
    {
      NETWORK: 'kusama',
      HOST: '127.0.0.1',
      PORT: String(input.port),
      DATABASE_URL: input.databaseUrl,
      REDIS_URL: input.redisUrl,
      QUEUE_PREFIX: input.queuePrefix,
      CHAIN_ENDPOINTS: input.chainEndpoint,
      OPERATOR_SEED: input.operatorSeed,
      OPERATOR_ADDRESS: '',
      ADMIN_TOKEN: input.adminToken,
      METRICS_TOKEN: '',
      CANDIDATES_URL: input.candidatesUrl,
      CANDIDATES_FILE: '',
      LOG_LEVEL: 'info',
      RATE_LIMIT_READ_PER_MIN: '0',
      RATE_LIMIT_SIGNED_PER_MIN: '0',
      WATCH_INTERVAL_MS: '86400000',
      CANDIDATES_REFRESH_MS: '86400000',
    },
    input.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${input.profileDir}`] : [],
  );
  const base = `http://127.0.0.1:${input.port}`;
  const adminHeaders = { authorization: `Bearer ${input.adminToken}` };
  const service = { process: child, base, adminHeaders, stop: () => child.stop() };
  try {
    await child.waitFor(/workers started/, 180_000);
    await poll('the service to answer with its chain connection up', child, async () => {
      const body = (await getJson(`${base}/health/ready`))?.body as { checks?: Record<string, string> } | undefined;
      return body?.checks?.chain === 'ok' ? true : undefined;
    });
    // The schedulers' first runs, on the empty database: the watcher's, and the candidates' snapshot.
    await poll("the delegation watcher's first run", child, async () => {
      const body = (await getJson(`${base}/v1/admin/jobs`, adminHeaders))?.body as
        { queues: { name: string; counts: Record<string, number> }[] } | undefined;
      const watch = body?.queues.find((q) => q.name === 'delegation-watch');
      return (watch?.counts.completed ?? 0) > 0 ? true : undefined;
    });
    await poll('the first candidates snapshot', child, async () => {
      const res = await getJson(`${base}/v1/candidates?limit=1`);
      return res?.status === 200 ? true : undefined;
    });
    log(`service: ${base} (npm start's src/main/all.ts, pid ${child.child.pid})`);
    return service;
  } catch (error) {
    await child.stop();
    throw error;
  }
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown } | null> {
  const res = await fetch(url, { headers }).catch(() => null);
  if (!res) return null;
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Polls `probe` every 250 ms until it returns a value, failing on a deadline or when `child` exits. */
export async function poll<T>(
  what: string,
  child: Child,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.child.exitCode !== null || child.child.signalCode !== null)
      throw new Error(`${child.name} exited while waiting for ${what}:\n${child.tail().slice(-3_000)}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${child.tail().slice(-3_000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
