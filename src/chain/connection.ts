import { ApiPromise, WsProvider } from '@polkadot/api';
import { DomainError, unavailable } from '../domain/errors.js';
import { redactSecrets } from '../redaction.js';
import { errorMessage, redactEndpoint, silentLogger, toError, type ChainLogger } from './chain-logger.js';
import { ChainTimeoutError, withTimeout } from './with-timeout.js';

export interface ChainConnectionOptions {
  /** ws(s) URLs of nodes of ONE chain, tried in order. */
  endpoints: string[];
  logger?: ChainLogger;
  /** Limit of one-shot calls made through `call`. */
  callTimeoutMs?: number;
  connectTimeoutMs?: number;
  healthTimeoutMs?: number;
  /** Period of the background health check; 0 disables it. */
  healthIntervalMs?: number;
  /** `open` only: longest wait between two passes over the endpoints. */
  maxRetryWaitMs?: number;
}

/** The stable code of every refusal made because no chain endpoint answers (HTTP 503). */
export const CHAIN_UNAVAILABLE = 'CHAIN_UNAVAILABLE';

export function chainUnavailable(reason: string): DomainError {
  return unavailable(CHAIN_UNAVAILABLE, `The chain cannot be reached: ${reason}`);
}

export interface TokenInfo {
  symbol: string;
  decimals: number;
}

const DEFAULTS = {
  callTimeoutMs: 30_000,
  connectTimeoutMs: 30_000,
  healthTimeoutMs: 10_000,
  healthIntervalMs: 30_000,
  maxRetryWaitMs: 30_000,
};

interface ChainIdentity {
  genesisHash: string;
  ss58Prefix: number;
  token: TokenInfo;
}

/**
 * One live ApiPromise over a list of endpoints: rotates to the next endpoint when the current
 * one fails a health check (`system.chain` with a timeout). Callers ask for `api()` on every
 * use and never keep it, because rotation replaces it.
 *
 * A connection made by `open` exists before any endpoint answered (so that a process can serve
 * what needs no chain meanwhile): until then `api()`, `call()` and the chain's identity
 * (`genesisHash`, `ss58Prefix`, `token`) throw a `CHAIN_UNAVAILABLE` DomainError, `status()`
 * says what is missing, and `ready()` resolves once connected.
 */
export class ChainConnection {
  #api: ApiPromise | null = null;
  #identity: ChainIdentity | null = null;
  #index = 0;
  #healthy = false;
  #closed = false;
  #rotating: Promise<void> | null = null;
  #checking: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #wake: (() => void) | null = null;
  readonly #ready: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (error: Error) => void;
  readonly #opts: Required<Omit<ChainConnectionOptions, 'logger'>>;
  readonly #log: ChainLogger;

  private constructor(opts: ChainConnectionOptions) {
    if (opts.endpoints.length === 0) throw new Error('ChainConnection needs at least one endpoint');
    this.#opts = { ...DEFAULTS, ...withoutUndefined(opts), endpoints: opts.endpoints };
    this.#log = opts.logger ?? silentLogger;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    // Rejected only by close(); nobody need be waiting then.
    this.#ready.catch(() => undefined);
  }

  /** Connects to the first endpoint that answers; throws when none does. */
  static async connect(options: ChainConnectionOptions): Promise<ChainConnection> {
    const conn = new ChainConnection(options);
    for (let i = 0; i < options.endpoints.length; i++) {
      const api = await conn.#open(i);
      if (api) {
        conn.#adopt(api, i);
        return conn;
      }
    }
    throw new Error(`no chain endpoint reachable (${options.endpoints.map(redactEndpoint).join(', ')})`);
  }

  /**
   * Returns at once and connects in the background: every endpoint in turn, then again after a
   * growing wait (1 s, 2 s, … up to `maxRetryWaitMs`), until one answers or `close()`.
   */
  static open(options: ChainConnectionOptions): ChainConnection {
    const conn = new ChainConnection(options);
    void conn.#connectInBackground();
    return conn;
  }

  /** Resolves once an endpoint answered (at once for `connect`); rejects if closed before. */
  ready(): Promise<void> {
    return this.#ready;
  }

  get genesisHash(): string {
    return this.#requireIdentity().genesisHash;
  }

  get ss58Prefix(): number {
    return this.#requireIdentity().ss58Prefix;
  }

  get token(): TokenInfo {
    return this.#requireIdentity().token;
  }

  api(): ApiPromise {
    if (this.#closed) throw new Error('chain connection closed');
    if (!this.#api) throw chainUnavailable(this.status() ?? 'not connected yet');
    return this.#api;
  }

  /** For readiness probes: the last health check passed and the socket is up. */
  isHealthy(): boolean {
    return !this.#closed && this.#healthy && this.#api !== null && this.#api.isConnected;
  }

  /** What is missing, for readiness and refusals; null when healthy. */
  status(): string | null {
    if (this.#closed) return 'chain connection closed';
    const n = this.#opts.endpoints.length;
    if (!this.#api) return `not connected yet (trying endpoint ${this.#index + 1} of ${n}: ${this.endpoint()})`;
    if (!this.isHealthy()) return `endpoint ${this.#index + 1} of ${n} (${this.endpoint()}) is not answering`;
    return null;
  }

  /** The endpoint in use (or being tried), without credentials. */
  endpoint(): string {
    return redactEndpoint(this.#opts.endpoints[this.#index]!);
  }

  /** A one-shot call with a timeout; a timeout triggers a health check (and rotation if it fails). */
  async call<T>(label: string, fn: (api: ApiPromise) => Promise<T>, ms = this.#opts.callTimeoutMs): Promise<T> {
    try {
      return await withTimeout(fn(this.api()), ms, label);
    } catch (error) {
      if (error instanceof ChainTimeoutError) void this.checkHealth();
      throw error;
    }
  }

  /** `system.chain` within the health timeout; rotates to the next endpoint on failure. */
  checkHealth(): Promise<boolean> {
    // Concurrent callers (e.g. several timed-out calls) share one check, hence at most one rotation.
    this.#checking ??= this.#checkHealth().finally(() => (this.#checking = null));
    return this.#checking;
  }

  async #checkHealth(): Promise<boolean> {
    if (this.#closed) return false;
    if (this.#rotating) await this.#rotating;
    const api = this.#api;
    // Not connected yet: the background connection is already trying every endpoint.
    if (!api) return false;
    try {
      await withTimeout(api.rpc.system.chain(), this.#opts.healthTimeoutMs, 'health check system.chain');
      this.#healthy = true;
      return true;
    } catch (error) {
      if (this.#closed || api !== this.#api) return this.isHealthy();
      this.#healthy = false;
      this.#log.warn({ endpoint: this.endpoint(), err: toError(error) }, 'chain health check failed');
      await this.rotate();
      return this.isHealthy();
    }
  }

  /** Switches to the next endpoint that answers and belongs to the same chain. */
  rotate(): Promise<void> {
    this.#rotating ??= this.#rotate().finally(() => (this.#rotating = null));
    return this.#rotating;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rejectReady(new Error('chain connection closed'));
    this.#wake?.();
    if (this.#timer) clearInterval(this.#timer);
    await this.#rotating?.catch(() => undefined);
    if (this.#api) await disconnect(this.#api, 5_000);
  }

  async #connectInBackground(): Promise<void> {
    const { endpoints } = this.#opts;
    for (let pass = 1; !this.#closed; pass++) {
      for (let i = 0; i < endpoints.length && !this.#closed; i++) {
        this.#index = i;
        const api = await this.#open(i);
        if (!api) continue;
        if (this.#closed) {
          await api.disconnect().catch(() => undefined);
          return;
        }
        this.#adopt(api, i);
        return;
      }
      const waitMs = Math.min(this.#opts.maxRetryWaitMs, 1_000 * 2 ** Math.min(pass - 1, 10));
      this.#log.warn({ pass, waitMs }, 'no chain endpoint reachable yet; retrying');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  #open(index: number): Promise<ApiPromise | null> {
    return openApi(this.#opts.endpoints[index]!, this.#opts.connectTimeoutMs, this.#opts.callTimeoutMs, this.#log);
  }

  #adopt(api: ApiPromise, index: number): void {
    this.#api = api;
    this.#index = index;
    this.#healthy = true;
    this.#identity = {
      genesisHash: api.genesisHash.toHex(),
      ss58Prefix: api.registry.chainSS58 ?? 42,
      token: { symbol: api.registry.chainTokens[0] ?? 'UNIT', decimals: api.registry.chainDecimals[0] ?? 12 },
    };
    this.#watch(api);
    if (this.#opts.healthIntervalMs > 0) {
      this.#timer = setInterval(() => void this.checkHealth(), this.#opts.healthIntervalMs);
      this.#timer.unref();
    }
    this.#resolveReady();
  }

  #requireIdentity(): ChainIdentity {
    if (!this.#identity) throw chainUnavailable(this.status() ?? 'not connected yet');
    return this.#identity;
  }

  async #rotate(): Promise<void> {
    const { endpoints } = this.#opts;
    // Not connected yet: the background connection is already trying every endpoint.
    if (!this.#api) return;
    for (let step = 1; step <= endpoints.length && !this.#closed; step++) {
      const index = (this.#index + step) % endpoints.length;
      const api = await this.#open(index);
      if (!api) continue;
      if (api.genesisHash.toHex() !== this.genesisHash) {
        this.#log.error({ endpoint: redactEndpoint(endpoints[index]!) }, 'endpoint serves another chain: skipped');
        await api.disconnect().catch(() => undefined);
        continue;
      }
      if (this.#closed) {
        await api.disconnect().catch(() => undefined);
        return;
      }
      const old = this.#api!;
      this.#api = api;
      this.#index = index;
      this.#healthy = true;
      this.#watch(api);
      this.#log.info({ endpoint: this.endpoint() }, 'chain endpoint switched');
      // Not awaited: a hung endpoint may never finish the closing handshake.
      void disconnect(old, 0);
      return;
    }
    this.#log.error({}, 'no chain endpoint reachable: keeping the current one, which reconnects by itself');
  }

  #watch(api: ApiPromise): void {
    api.on('disconnected', () => {
      if (api === this.#api && !this.#closed) {
        this.#healthy = false;
        this.#log.warn({ endpoint: this.endpoint() }, 'chain endpoint disconnected');
      }
    });
    api.on('connected', () => {
      if (api === this.#api) this.#healthy = true;
    });
  }
}

async function openApi(
  endpoint: string,
  timeoutMs: number,
  requestTimeoutMs: number,
  log: ChainLogger,
): Promise<ApiPromise | null> {
  const provider = new WsProvider(endpoint, 2_500, {}, requestTimeoutMs);
  const api = new ApiPromise({ provider, noInitWarn: true, throwOnConnect: true });
  api.on('error', () => undefined); // reported through isReadyOrError and the health check
  try {
    await withTimeout(api.isReadyOrError, timeoutMs, `connect ${redactEndpoint(endpoint)}`);
    log.info({ endpoint: redactEndpoint(endpoint), chain: api.runtimeChain.toString() }, 'chain connected');
    return api;
  } catch (error) {
    log.warn({ endpoint: redactEndpoint(endpoint), err: toError(error) }, 'chain endpoint unreachable');
    await api.disconnect().catch(() => undefined);
    return null;
  }
}

/** Disconnects and waits (up to `waitMs`) for the socket to close, so pending calls settle before returning. */
async function disconnect(api: ApiPromise, waitMs: number): Promise<void> {
  const closed = api.isConnected
    ? new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        api.once('disconnected', () => {
          clearTimeout(timer);
          resolve();
        });
      })
    : Promise.resolve();
  await api.disconnect().catch(() => undefined);
  await closed;
}

function withoutUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// What the chain library says when the socket, not the request, failed (WsProvider, ws).
const CONNECTION_FAILURE =
  /WebSocket is not connected|No response received from RPC endpoint|disconnected from|Abnormal Closure|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|chain connection closed/i;

/**
 * A failure of the connection itself (a timeout, a dropped socket, no endpoint yet), as a
 * `CHAIN_UNAVAILABLE` DomainError (HTTP 503, a job retried later) without the endpoint's URL;
 * anything else (a bug, a rejected extrinsic) is returned as it was.
 */
export function asChainUnavailable(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const message = errorMessage(error);
  if (!(error instanceof ChainTimeoutError) && !CONNECTION_FAILURE.test(message)) return error;
  const failure = chainUnavailable(redactSecrets(message));
  failure.cause = error;
  return failure;
}
