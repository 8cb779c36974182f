import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { unavailable } from '../domain/errors.js';
import type { SigningFence, SigningLock } from '../domain/shared/signing-lock.js';
import type { Address } from '../domain/shared/types.js';

export interface SigningLockOptions {
  /** The lock's expiry: a dead holder frees it after this long. Renewed every third of it. */
  ttlMs?: number;
  /** Longest wait for a lock another process holds before giving up (the job then retries). */
  waitMs?: number;
  /** Pause between two attempts while waiting. */
  retryMs?: number;
}

/** Renews the lock when it is ours; takes it again when Redis lost it (restart, flush); 0 when another holds it. */
const RENEW = `
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if owner == false then return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * One signer per account across processes: a Redis lock (SET NX PX, renewed while held) says who
 * may sign now, and a fencing token from PostgreSQL (taken right after the lock) proves it where
 * it matters, when a signature is stored. A holder that paused past its expiry, or whose key Redis
 * lost while another took it, finds its token outdated there and stores (so sends) nothing.
 */
export class RedisSigningLock implements SigningLock {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #fences: { take(account: Address): Promise<bigint> };
  readonly #log: Logger;
  readonly #ttlMs: number;
  readonly #waitMs: number;
  readonly #retryMs: number;

  constructor(
    redis: Redis,
    prefix: string,
    fences: { take(account: Address): Promise<bigint> },
    logger: Logger,
    options: SigningLockOptions = {},
  ) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#fences = fences;
    this.#log = logger;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#waitMs = options.waitMs ?? 20 * 60_000;
    this.#retryMs = options.retryMs ?? 250;
  }

  async hold<T>(account: Address, work: (fence: SigningFence) => Promise<T>): Promise<T> {
    const key = `${this.#prefix}:signer-lock:${account}`;
    const owner = randomUUID();
    await this.#acquire(key, owner, account);
    const renewal = setInterval(() => void this.#renew(key, owner, account), Math.max(100, this.#ttlMs / 3));
    renewal.unref();
    try {
      const token = await this.#fences.take(account);
      return await work({ account, token });
    } finally {
      clearInterval(renewal);
      await this.#redis.eval(RELEASE, 1, key, owner).catch((e: unknown) => {
        this.#log.warn({ err: e, account }, 'signing lock: release failed (it expires on its own)');
      });
    }
  }

  async #acquire(key: string, owner: string, account: Address): Promise<void> {
    const deadline = Date.now() + this.#waitMs;
    let logged = false;
    for (;;) {
      if ((await this.#redis.set(key, owner, 'PX', this.#ttlMs, 'NX')) === 'OK') return;
      if (Date.now() > deadline)
        throw unavailable('SIGNER_BUSY', `the signing lock of ${account} stayed taken for ${this.#waitMs} ms`);
      if (!logged) this.#log.info({ account }, 'signing lock held by another process; waiting');
      logged = true;
      await new Promise((r) => setTimeout(r, this.#retryMs));
    }
  }

  async #renew(key: string, owner: string, account: Address): Promise<void> {
    try {
      const kept = await this.#redis.eval(RENEW, 1, key, owner, String(this.#ttlMs));
      // Another process holds it now: its newer token makes every store of ours fail.
      if (kept !== 1) this.#log.warn({ account }, 'signing lock lost to another process');
    } catch (e) {
      this.#log.warn({ err: e, account }, 'signing lock: renewal failed');
    }
  }
}
