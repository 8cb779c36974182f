import pg from 'pg';
import type { Logger } from 'pino';

/** The channel the `ndest_notify_change` triggers send on (migration 20261129131900_change_notifications). */
export const CHANGE_CHANNEL = 'ndest_changes';

/**
 * Tables whose writes are announced, each with a counter that moves on every announcement. A
 * cached read remembers the counters of the tables it read and is valid while they have not moved:
 * a write by any process (a worker, another API) makes it stale when its transaction commits.
 */
export interface ChangeFeed {
  /** The counter of `table`: it moves when the table changes or when announcements may have been missed. */
  version(table: string): number;
  /** True while announcements arrive: caches must not keep anything read while it is false. */
  live(): boolean;
  /** Moves every counter: what this process just wrote must never be answered from an older read. */
  invalidateAll(): void;
  /** Called with the table after its counter moved (`'*'`: every table). Returns the unsubscribe. */
  onChange(listener: (table: string) => void): () => void;
}

/**
 * A feed that never announces: every counter moves on every read of it, so nothing is ever
 * served from a cache. For processes (and tests) without the database's notifications.
 */
export const uncachedFeed: ChangeFeed = {
  version: (() => {
    let n = 0;
    return () => ++n;
  })(),
  live: () => false,
  invalidateAll: () => undefined,
  onChange: () => () => undefined,
};

export interface PgChangeFeedOptions {
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** First wait before reconnecting; doubles up to 30 s. */
  retryMs?: number;
}

/**
 * LISTENs on one dedicated connection. While it is down (or reconnecting) `live()` is false and
 * every counter moves on reconnection, since announcements may have been lost meanwhile.
 */
export class PgChangeFeed implements ChangeFeed {
  readonly #url: string;
  readonly #opts: Required<Omit<PgChangeFeedOptions, 'logger'>> & Pick<PgChangeFeedOptions, 'logger'>;
  readonly #versions = new Map<string, number>();
  readonly #listeners = new Set<(table: string) => void>();
  /** Added to every table's counter: `invalidateAll` and reconnections move it. */
  #epoch = 0;
  #client: pg.Client | null = null;
  #live = false;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;

  private constructor(url: string, options: PgChangeFeedOptions) {
    this.#url = url;
    this.#opts = { retryMs: options.retryMs ?? 500, logger: options.logger };
  }

  /** Connected and listening when it resolves (it throws if the first connection fails). */
  static async start(url: string, options: PgChangeFeedOptions = {}): Promise<PgChangeFeed> {
    const feed = new PgChangeFeed(url, options);
    await feed.#connect();
    return feed;
  }

  version(table: string): number {
    return this.#epoch + (this.#versions.get(table) ?? 0);
  }

  live(): boolean {
    return this.#live;
  }

  invalidateAll(): void {
    this.#epoch++;
    this.#emit('*');
  }

  onChange(listener: (table: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#live = false;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: 'ndest-change-feed' });
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      this.#versions.set(message.payload, (this.#versions.get(message.payload) ?? 0) + 1);
      this.#emit(message.payload);
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.#client = client;
    // Anything cached before this connection listened may have missed a change.
    this.invalidateAll();
    this.#live = true;
  }

  #lost(client: pg.Client, error: Error | null): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = null;
    this.#live = false;
    this.invalidateAll();
    this.#opts.logger?.warn({ err: error?.message }, 'change notifications lost: caches bypassed until they return');
    client.end().catch(() => undefined);
    this.#reconnect(this.#opts.retryMs);
  }

  #reconnect(waitMs: number): void {
    if (this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#connect().then(
        () => this.#opts.logger?.info({}, 'change notifications back'),
        () => this.#reconnect(Math.min(waitMs * 2, 30_000)),
      );
    }, waitMs);
    this.#retry.unref();
  }

  #emit(table: string): void {
    for (const listener of this.#listeners) listener(table);
  }
}
