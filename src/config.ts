/**
 * The only reader of process.env. Every variable is declared once, with a description,
 * and checked at start: a bad value stops the process with a message naming it.
 */
export interface Config {
  network: 'kusama' | 'polkadot' | 'westend' | 'paseo';
  port: number;
  host: string;
  logLevel: string;
  /** Unset: npm start probes 127.0.0.1 and falls back to an embedded Postgres. */
  databaseUrl: string | null;
  /** Unset: npm start probes 127.0.0.1:6379 and falls back to a local redis-server. */
  redisUrl: string | null;
  chainEndpoints: string[];
  chainCallTimeoutMs: number;
  operatorSeed: string | null;
  /** The operator's address, for the API process (it never holds the seed). */
  operatorAddress: string | null;
  adminToken: string | null;
  /** Bearer token of GET /metrics; null: open. */
  metricsToken: string | null;
  /** Requests per minute per client on public reads; 0: no limit. */
  rateLimitReadPerMin: number;
  /** Requests per minute per client on signed (and admin) writes; 0: no limit. */
  rateLimitSignedPerMin: number;
  /** A request not answered within this gets 503 REQUEST_TIMEOUT. */
  requestTimeoutMs: number;
  /** Proxies whose X-Forwarded-For names the client (true: any; false: none). */
  trustProxy: boolean | string[];
  candidatesUrl: string | null;
  candidatesFile: string | null;
  /** Largest candidate document read; a larger one is refused. */
  candidatesMaxBytes: number;
  /** Change of the eligible set (percent of the last usable snapshot's) beyond which rounds are held. */
  candidatesMaxChangePercent: number;
  /** How long a pending delegation waits for its Staking proxy before it expires. */
  pendingExpiryMs: number;
  commissionCapPercent: number;
  targetsPerDelegator: number;
  rotationEras: number;
  maxItemsPerBatch: number | null;
  mortalPeriod: number;
  eraPollMs: number;
  watchIntervalMs: number;
  candidatesRefreshMs: number;
  jobLockMs: number;
  queuePrefix: string;
  indexIntervalMs: number;
  indexMaxBlocks: number;
  payoutIntervalMs: number;
  /** How often votes that ended are closed and passed proposals whose delay ran are enacted. */
  governanceTickMs: number;
  /** How often pools' periods are settled, their payments sent and their books checked against the chain. */
  poolsTickMs: number;
  /** How often collectives are claimed and distributed, their accounts, payees and transfers sent and their books checked. */
  collectivesTickMs: number;
  /** The chain endpoint the web app's browser connects to (to sign and submit the setup call). */
  webChainEndpoint: string | null;
  /** Demo mode (`npm run demo`): the demo's control server, which holds the demo accounts and drives the local chain. */
  demoControlUrl: string | null;
}

interface VarSpec<T> {
  description: string;
  parse: (raw: string | undefined) => T;
}

class ConfigError extends Error {}

const str =
  (def: string | null) =>
  (raw: string | undefined): string | null =>
    raw === undefined || raw.trim() === '' ? def : raw.trim();

const int = (name: string, def: number, min: number, max: number) => (raw: string | undefined) => {
  if (raw === undefined || raw.trim() === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
};

const DEFAULT_ENDPOINTS: Record<Config['network'], string[]> = {
  kusama: [
    'wss://kusama-asset-hub-rpc.polkadot.io',
    'wss://rpc-asset-hub-kusama.luckyfriday.io',
    'wss://asset-hub-kusama-rpc.n.dwellir.com',
  ],
  polkadot: ['wss://polkadot-asset-hub-rpc.polkadot.io'],
  westend: ['wss://westend-asset-hub-rpc.polkadot.io'],
  paseo: ['wss://asset-hub-paseo-rpc.n.dwellir.com'],
};

export const CONFIG_VARS = {
  NETWORK: {
    description: 'Staking network: kusama (default), polkadot, westend or paseo',
    parse: (raw: string | undefined) => {
      const v = (raw ?? 'kusama').trim() || 'kusama';
      if (!['kusama', 'polkadot', 'westend', 'paseo'].includes(v))
        throw new ConfigError(`NETWORK must be kusama, polkadot, westend or paseo, got "${raw}"`);
      return v as Config['network'];
    },
  },
  PORT: { description: 'HTTP port of the API', parse: int('PORT', 3000, 0, 65535) },
  HOST: { description: 'HTTP bind address', parse: (raw: string | undefined) => str('127.0.0.1')(raw)! },
  LOG_LEVEL: {
    description: 'pino level: fatal, error, warn, info, debug, trace, silent',
    parse: (raw: string | undefined) => {
      const v = str('info')(raw)!;
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v))
        throw new ConfigError(`LOG_LEVEL must be a pino level, got "${raw}"`);
      return v;
    },
  },
  DATABASE_URL: {
    description: 'PostgreSQL URL; unset: 127.0.0.1:5432 or an embedded Postgres',
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      if (v !== null && !/^postgres(ql)?:\/\//.test(v))
        throw new ConfigError('DATABASE_URL must start with postgresql://');
      return v;
    },
  },
  REDIS_URL: {
    description: 'Redis URL; unset: 127.0.0.1:6379 or a locally started redis-server',
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      if (v !== null && !/^rediss?:\/\//.test(v)) throw new ConfigError('REDIS_URL must start with redis://');
      return v;
    },
  },
  CHAIN_ENDPOINTS: {
    description: 'Comma-separated ws(s) URLs of the staking chain (Asset Hub); default: public endpoints of NETWORK',
    parse: (raw: string | undefined) => {
      const list = (raw ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const url of list)
        if (!/^wss?:\/\/[^\s]+$/.test(url))
          throw new ConfigError(`CHAIN_ENDPOINTS: "${url}" is not a ws:// or wss:// URL`);
      return list;
    },
  },
  CHAIN_CALL_TIMEOUT_MS: {
    description: 'Timeout of one chain call',
    parse: int('CHAIN_CALL_TIMEOUT_MS', 30_000, 100, 600_000),
  },
  OPERATOR_SEED: {
    description: 'Secret URI of the operator (proxy) account; unset: read-only, every round is a dry run',
    parse: str(null),
  },
  OPERATOR_ADDRESS: {
    description:
      'SS58 address of the operator account, for the API process: it never holds OPERATOR_SEED. With the seed too (worker, all), they must match',
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      // The network's prefix is checked against the chain at start.
      if (v !== null && !/^[1-9A-HJ-NP-Za-km-z]{46,50}$/.test(v))
        throw new ConfigError('OPERATOR_ADDRESS must be an SS58 address');
      return v;
    },
  },
  ADMIN_TOKEN: {
    description: 'Bearer token of /v1/admin routes; unset: admin routes answer 503',
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      if (v !== null && v.length < 16) throw new ConfigError('ADMIN_TOKEN must be at least 16 characters');
      return v;
    },
  },
  METRICS_TOKEN: {
    description: 'Bearer token GET /metrics requires (16+ characters); unset: /metrics is open',
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      if (v !== null && v.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
      return v;
    },
  },
  RATE_LIMIT_READ_PER_MIN: {
    description: 'Requests per minute one client (IP address, IPv6 /64) may make to the read routes; 0: no limit',
    parse: int('RATE_LIMIT_READ_PER_MIN', 600, 0, 1_000_000),
  },
  RATE_LIMIT_SIGNED_PER_MIN: {
    description:
      'Requests per minute one client may make to the signed routes (POST/DELETE delegations) and admin writes; 0: no limit',
    parse: int('RATE_LIMIT_SIGNED_PER_MIN', 30, 0, 1_000_000),
  },
  REQUEST_TIMEOUT_MS: {
    description:
      'A request not answered within this gets 503 REQUEST_TIMEOUT; receiving a request is bounded by it too',
    parse: int('REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
  },
  TRUST_PROXY: {
    description:
      'Reverse proxies whose X-Forwarded-For names the client (rate limits count per client): comma-separated addresses or CIDRs (or loopback, uniquelocal), true for any; unset: none',
    parse: (raw: string | undefined): boolean | string[] => {
      const v = str(null)(raw);
      if (v === null || v === 'false') return false;
      if (v === 'true') return true;
      const list = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const entry of list)
        if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry))
          throw new ConfigError(
            `TRUST_PROXY: "${entry}" is not an address, a CIDR, loopback, linklocal or uniquelocal`,
          );
      return list;
    },
  },
  CANDIDATES_URL: { description: 'URL of a 1KV /candidates JSON or a stash list', parse: str(null) },
  CANDIDATES_FILE: {
    description: 'Path of a candidates file (1KV JSON, JSON list or one stash per line)',
    parse: str(null),
  },
  CANDIDATES_MAX_BYTES: {
    description:
      'Largest candidate document (bytes) read from CANDIDATES_URL or CANDIDATES_FILE; a larger one is refused',
    parse: int('CANDIDATES_MAX_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  },
  CANDIDATES_MAX_CHANGE_PERCENT: {
    description:
      'Rounds are held (until an admin confirms) when the eligible set changed by more than this percent of the last usable snapshot’s: left + joined, over its size',
    parse: int('CANDIDATES_MAX_CHANGE_PERCENT', 30, 1, 10_000),
  },
  PENDING_EXPIRY_MS: {
    description: 'How long an opt-in waits for its Staking proxy on chain before it expires (default 7 days)',
    parse: int('PENDING_EXPIRY_MS', 7 * 24 * 60 * 60 * 1000, 60_000, 366 * 24 * 60 * 60 * 1000),
  },
  COMMISSION_CAP_PERCENT: {
    description: 'Highest commission (whole percent) a target may charge',
    parse: int('COMMISSION_CAP_PERCENT', 15, 0, 100),
  },
  TARGETS_PER_DELEGATOR: {
    description: 'Validators nominated per delegator (1 to the chain maximum)',
    parse: int('TARGETS_PER_DELEGATOR', 4, 1, 24),
  },
  ROTATION_ERAS: { description: 'Eras after which targets are drawn anew', parse: int('ROTATION_ERAS', 28, 1, 10_000) },
  MAX_ITEMS_PER_BATCH: {
    description: 'Upper bound of nominations per extrinsic (on top of the block limits); unset: limits only',
    parse: (raw: string | undefined) =>
      raw === undefined || raw.trim() === '' ? null : int('MAX_ITEMS_PER_BATCH', 0, 1, 10_000)(raw),
  },
  MORTAL_PERIOD: {
    description: 'Mortality (blocks) of the extrinsics the operator signs',
    parse: int('MORTAL_PERIOD', 64, 4, 65_536),
  },
  ERA_POLL_MS: {
    description: 'How often the active era is checked',
    parse: int('ERA_POLL_MS', 30_000, 100, 3_600_000),
  },
  WATCH_INTERVAL_MS: {
    description: 'How often delegations are compared with the chain',
    parse: int('WATCH_INTERVAL_MS', 60_000, 100, 86_400_000),
  },
  CANDIDATES_REFRESH_MS: {
    description: 'How often the candidate source is snapshotted',
    parse: int('CANDIDATES_REFRESH_MS', 3_600_000, 1_000, 86_400_000),
  },
  JOB_LOCK_MS: {
    description: 'BullMQ lock duration: a crashed worker’s job is taken over after about this long',
    parse: int('JOB_LOCK_MS', 30_000, 1_000, 3_600_000),
  },
  INDEX_INTERVAL_MS: {
    description: 'How often the indexer looks for new finalized blocks',
    parse: int('INDEX_INTERVAL_MS', 3_000, 100, 600_000),
  },
  INDEX_MAX_BLOCKS: {
    description: 'Blocks the indexer reads per run while catching up',
    parse: int('INDEX_MAX_BLOCKS', 500, 1, 100_000),
  },
  PAYOUT_INTERVAL_MS: {
    description: 'How often due payouts are swept (besides every era change)',
    parse: int('PAYOUT_INTERVAL_MS', 600_000, 1_000, 86_400_000),
  },
  GOVERNANCE_TICK_MS: {
    description: 'How often ended votes are closed and passed proposals whose enactment delay ran are enacted',
    parse: int('GOVERNANCE_TICK_MS', 5_000, 100, 3_600_000),
  },
  POOLS_TICK_MS: {
    description:
      "How often the pools' periods are settled and rated, their payments batched and sent, and their books checked against the chain",
    parse: int('POOLS_TICK_MS', 10_000, 100, 3_600_000),
  },
  COLLECTIVES_TICK_MS: {
    description:
      "How often collectives' bonding windows, statuses and commitments are checked, due claims distributed to their pools, their accounts, reward destinations and transfers batched and sent, and their books checked against the chain",
    parse: int('COLLECTIVES_TICK_MS', 10_000, 100, 3_600_000),
  },
  WEB_CHAIN_ENDPOINT: {
    description:
      "The ws(s) URL of the staking chain that the web app's browsers connect to; default: the first of CHAIN_ENDPOINTS",
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      if (v !== null && !/^wss?:\/\/[^\s]+$/.test(v))
        throw new ConfigError('WEB_CHAIN_ENDPOINT must be a ws:// or wss:// URL');
      return v;
    },
  },
  DEMO_CONTROL_URL: {
    description:
      'Demo mode only (npm run demo sets it): the http://127.0.0.1 URL of the demo control server; the web app then offers its demo accounts and an era button',
    parse: (raw: string | undefined) => {
      const v = str(null)(raw);
      if (v !== null && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(v))
        throw new ConfigError('DEMO_CONTROL_URL must be an http:// URL on 127.0.0.1');
      return v;
    },
  },
  QUEUE_PREFIX: {
    description: 'Redis key prefix of the queues',
    parse: (raw: string | undefined) => str('ndest')(raw)!,
  },
} satisfies Record<string, VarSpec<unknown>>;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const errors: string[] = [];
  const read = <T>(name: keyof typeof CONFIG_VARS): T => {
    try {
      return CONFIG_VARS[name].parse(env[name]) as T;
    } catch (e) {
      if (e instanceof ConfigError) {
        errors.push(e.message);
        return undefined as T;
      }
      throw e;
    }
  };
  const network = read<Config['network']>('NETWORK');
  const endpoints = read<string[]>('CHAIN_ENDPOINTS');
  const config: Config = {
    network,
    port: read('PORT'),
    host: read('HOST'),
    logLevel: read('LOG_LEVEL'),
    databaseUrl: read('DATABASE_URL'),
    redisUrl: read('REDIS_URL'),
    chainEndpoints: endpoints && endpoints.length > 0 ? endpoints : (DEFAULT_ENDPOINTS[network] ?? []),
    chainCallTimeoutMs: read('CHAIN_CALL_TIMEOUT_MS'),
    operatorSeed: read('OPERATOR_SEED'),
    operatorAddress: read('OPERATOR_ADDRESS'),
    adminToken: read('ADMIN_TOKEN'),
    metricsToken: read('METRICS_TOKEN'),
    rateLimitReadPerMin: read('RATE_LIMIT_READ_PER_MIN'),
    rateLimitSignedPerMin: read('RATE_LIMIT_SIGNED_PER_MIN'),
    requestTimeoutMs: read('REQUEST_TIMEOUT_MS'),
    trustProxy: read('TRUST_PROXY'),
    candidatesUrl: read('CANDIDATES_URL'),
    candidatesFile: read('CANDIDATES_FILE'),
    candidatesMaxBytes: read('CANDIDATES_MAX_BYTES'),
    candidatesMaxChangePercent: read('CANDIDATES_MAX_CHANGE_PERCENT'),
    pendingExpiryMs: read('PENDING_EXPIRY_MS'),
    commissionCapPercent: read('COMMISSION_CAP_PERCENT'),
    targetsPerDelegator: read('TARGETS_PER_DELEGATOR'),
    rotationEras: read('ROTATION_ERAS'),
    maxItemsPerBatch: read('MAX_ITEMS_PER_BATCH'),
    mortalPeriod: read('MORTAL_PERIOD'),
    eraPollMs: read('ERA_POLL_MS'),
    watchIntervalMs: read('WATCH_INTERVAL_MS'),
    candidatesRefreshMs: read('CANDIDATES_REFRESH_MS'),
    jobLockMs: read('JOB_LOCK_MS'),
    queuePrefix: read('QUEUE_PREFIX'),
    indexIntervalMs: read('INDEX_INTERVAL_MS'),
    indexMaxBlocks: read('INDEX_MAX_BLOCKS'),
    payoutIntervalMs: read('PAYOUT_INTERVAL_MS'),
    governanceTickMs: read('GOVERNANCE_TICK_MS'),
    poolsTickMs: read('POOLS_TICK_MS'),
    collectivesTickMs: read('COLLECTIVES_TICK_MS'),
    webChainEndpoint: read('WEB_CHAIN_ENDPOINT'),
    demoControlUrl: read('DEMO_CONTROL_URL'),
  };
  if (config.candidatesUrl && config.candidatesFile) errors.push('set CANDIDATES_URL or CANDIDATES_FILE, not both');
  if (errors.length > 0) throw new Error(`Invalid configuration:\n- ${errors.join('\n- ')}`);
  return config;
}

/** The 1KV endpoint is the default source only on Kusama; elsewhere a source must be configured. */
export const DEFAULT_CANDIDATES_URL = 'https://kusama.w3f.community/candidates';
