import { ApiPromise, WsProvider } from '@polkadot/api';
import { errorMessage, redactEndpoint, silentLogger, type ChainLogger } from './chain-logger.js';
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
}

export interface TokenInfo {
  symbol: string;
  decimals: number;
}

const DEFAULTS = { callTimeoutMs: 30_000, connectTimeoutMs: 30_000, healthTimeoutMs: 10_000, healthIntervalMs: 30_000 };

/**
 * One live ApiPromise over a list of endpoints: rotates to the next endpoint when the current
 * one fails a health check (`system.chain` with a timeout). Callers ask for `api()` on every
 * use and never keep it, because rotation replaces it.
 */
export class ChainConnection {
  #api: ApiPromise;
  #index: number;
  #healthy = true;
  #closed = false;
  #rotating: Promise<void> | null = null;
  #checking: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | null = null;
  readonly genesisHash: string;
  readonly ss58Prefix: number;
  readonly token: TokenInfo;
  readonly #opts: Required<Omit<ChainConnectionOptions, 'logger'>>;
  readonly #log: ChainLogger;

  private constructor(api: ApiPromise, index: number, opts: ChainConnectionOptions) {
    this.#api = api;
    this.#index = index;
    this.#opts = { ...DEFAULTS, ...withoutUndefined(opts), endpoints: opts.endpoints };
    this.#log = opts.logger ?? silentLogger;
    this.genesisHash = api.genesisHash.toHex();
    this.ss58Prefix = api.registry.chainSS58 ?? 42;
    this.token = { symbol: api.registry.chainTokens[0] ?? 'UNIT', decimals: api.registry.chainDecimals[0] ?? 12 };
    this.#watch(api);
    if (this.#opts.healthIntervalMs > 0) {
      this.#timer = setInterval(() => void this.checkHealth(), this.#opts.healthIntervalMs);
      this.#timer.unref();
    }
  }

  /** Connects to the first endpoint that answers. */
  static async connect(options: ChainConnectionOptions): Promise<ChainConnection> {
    if (options.endpoints.length === 0) throw new Error('ChainConnection needs at least one endpoint');
    const log = options.logger ?? silentLogger;
    const timeout = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
    for (let i = 0; i < options.endpoints.length; i++) {
      const api = await openApi(options.endpoints[i]!, timeout, options.callTimeoutMs ?? DEFAULTS.callTimeoutMs, log);
      if (api) return new ChainConnection(api, i, options);
    }
    throw new Error(`no chain endpoint reachable (${options.endpoints.map(redactEndpoint).join(', ')})`);
  }

  api(): ApiPromise {
    if (this.#closed) throw new Error('chain connection closed');
    return this.#api;
  }

  /** For readiness probes: the last health check passed and the socket is up. */
  isHealthy(): boolean {
    return !this.#closed && this.#healthy && this.#api.isConnected;
  }

  /** The endpoint in use, without credentials. */
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
    try {
      await withTimeout(api.rpc.system.chain(), this.#opts.healthTimeoutMs, 'health check system.chain');
      this.#healthy = true;
      return true;
    } catch (error) {
      if (this.#closed || api !== this.#api) return this.isHealthy();
      this.#healthy = false;
      this.#log.warn({ endpoint: this.endpoint(), err: errorMessage(error) }, 'chain health check failed');
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
    if (this.#timer) clearInterval(this.#timer);
    await this.#rotating?.catch(() => undefined);
    await disconnect(this.#api, 5_000);
  }

  async #rotate(): Promise<void> {
    const { endpoints } = this.#opts;
    for (let step = 1; step <= endpoints.length && !this.#closed; step++) {
      const index = (this.#index + step) % endpoints.length;
      const api = await openApi(endpoints[index]!, this.#opts.connectTimeoutMs, this.#opts.callTimeoutMs, this.#log);
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
      const old = this.#api;
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
    log.warn({ endpoint: redactEndpoint(endpoint), err: errorMessage(error) }, 'chain endpoint unreachable');
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
