import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevChainServer, type DevChainMode } from '../../src/chain/dev-chain-server.js';
import { dispatchErrorName } from '../../src/chain/extrinsic-events.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KSM = 10n ** 12n;

/**
 * The two executing runtimes: Kusama Asset Hub 2000002 (staking-async, where Kusama stakers are
 * since October 2025: the default) and the 2023 relay runtime (staking on the relay chain, the
 * legacy path). The relay has two specs: v1.0.0 has Sudo (its eras are driven with it), v1.1.2 none.
 */
export type DevRuntime = 'asset-hub' | 'relay';
const SPECS = {
  'asset-hub': 'asset-hub-kusama-2000002-local.json',
  'v1.0.0': 'kusama-v1.0.0-local.json',
  'v1.1.2': 'kusama-v1.1.2-local.json',
} as const;
type SpecName = keyof typeof SPECS;

export interface DevChainOptions {
  /** asset-hub (default) or relay. */
  runtime?: DevRuntime;
  /** Relay only: v1.0.0 (default) has Sudo; v1.1.2 has none. */
  spec?: Exclude<SpecName, 'asset-hub'>;
  /** Asset Hub's real multi-block election needs the offchain worker (slower blocks): only for real era cycles. */
  offchainWorker?: boolean;
  /**
   * Manual (default) with `autoBuild`: a block as soon as extrinsics wait, like a real chain for
   * the service under test, and never while a `dev_setStorage` edit is half applied (Batch mode
   * builds on its own schedule, and a build that races a storage edit can lose its extrinsics).
   */
  mode?: DevChainMode;
  /**
   * Manual mode only: build a block whenever the pool holds extrinsics (checked every 100 ms), as
   * a real chain would; `setAutoBuild(false)` hands block production to the test. Default true.
   */
  autoBuild?: boolean;
  /**
   * Builds an empty block when none came for this long (0: never), as a live chain keeps
   * producing blocks: a round's seed is the hash of a block after its commitment, so a service
   * under test waits for one. Stops with `setAutoBuild(false)`. Default 1000 ms in Manual mode
   * with autoBuild, else 0.
   */
  idleBlockMs?: number;
}

export interface SubmitOutcome {
  /** `section.Name` of the dispatch error, null when the extrinsic succeeded. */
  error: string | null;
  events: { section: string; method: string; data: unknown }[];
  blockHash: string;
  blockNumber: number;
}

export interface DevChain {
  runtime: DevRuntime;
  endpoint: string;
  api: ApiPromise;
  /** sr25519, SS58 prefix 2. */
  keyring: Keyring;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Builds `count` blocks now (in any mode). */
  newBlock(count?: number): Promise<void>;
  head(): Promise<number>;
  /** Adds `ksm` whole KSM to each account's free balance (dev_setStorage, no extrinsic). */
  fund(addresses: string[], ksm: bigint | number): Promise<void>;
  /** Signs (immortal, nonce from accountNextIndex), waits for inclusion, reports the dispatch outcome. */
  submit(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<SubmitOutcome>;
  /** Funds, bonds and declares `pair` a validator with real extrinsics. */
  createValidator(pair: KeyringPair, prefs: { commission: number; blocked: boolean; bondKsm?: bigint }): Promise<void>;
  /** Switch the automatic block production (Manual mode) and the idle blocks on or off. */
  setAutoBuild(on: boolean): void;
  close(): Promise<void>;
}

/** Path of a genesis spec in ../shared/chain. */
export function devChainSpecPath(spec: SpecName): string {
  return path.resolve(repoRoot, '../shared/chain', SPECS[spec]);
}

/** One Chopsticks chain in this process on 127.0.0.1 (free port), with an ApiPromise connected to it. */
export async function startDevChain(options: DevChainOptions = {}): Promise<DevChain> {
  const runtime = options.runtime ?? 'asset-hub';
  const spec: SpecName = runtime === 'asset-hub' ? 'asset-hub' : (options.spec ?? 'v1.0.0');
  const mode = options.mode ?? 'Manual';
  const server = await startDevChainServer({
    specPath: devChainSpecPath(spec),
    mode,
    offchainWorker: options.offchainWorker ?? false,
  });
  try {
    return await connectDevChain(server.endpoint, {
      runtime,
      mode,
      autoBuild: options.autoBuild,
      idleBlockMs: options.idleBlockMs,
      server,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * A DevChain over a chain already running at `endpoint` (e.g. `npm run dev-chain`): the same
 * helpers for scripts. `server`, when given, is closed with it.
 */
export async function connectDevChain(
  endpoint: string,
  options: {
    runtime?: DevRuntime;
    mode?: DevChainMode;
    autoBuild?: boolean;
    idleBlockMs?: number;
    server?: { close(): Promise<void> };
  } = {},
): Promise<DevChain> {
  const mode = options.mode ?? 'Batch';
  const server = options.server ?? { close: async () => undefined };
  await cryptoWaitReady();
  const provider = new WsProvider(endpoint);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  // Asset Hub is told apart by its staking pallet's client of the relay chain, never by name.
  const runtime: DevRuntime = options.runtime ?? (api.tx.stakingRcClient ? 'asset-hub' : 'relay');
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const rpc = <T>(method: string, params: unknown[] = []) => provider.send<T>(method, params);
  const queues = new Map<string, Promise<unknown>>();
  // Explicit builds and the Manual-mode producer one at a time. (The "Timestamp slot must match
  // CurrentSlot" panic seen on block 1 is fixed in dev-chain-server.ts: it came from the genesis clock.)
  let building: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const next = building.catch(() => undefined).then(work);
    building = next;
    return next;
  };
  const auto = { on: mode === 'Manual' && (options.autoBuild ?? true), busy: false, idle: true };
  const idleBlockMs = options.idleBlockMs ?? (auto.on ? 1_000 : 0);
  let lastHeadAt = Date.now();
  const unsubscribeHeads = await api.rpc.chain.subscribeNewHeads(() => void (lastHeadAt = Date.now()));
  const producer = setInterval(() => {
    const idleDue = idleBlockMs > 0 && auto.idle && Date.now() - lastHeadAt >= idleBlockMs;
    if ((!auto.on && !idleDue) || auto.busy) return;
    auto.busy = true;
    void serialised(async () => {
      if ((auto.on && (await api.rpc.author.pendingExtrinsics()).length > 0) || idleDue) {
        lastHeadAt = Date.now();
        await rpc('dev_newBlock', [{ count: 1 }]);
      }
    })
      .catch(() => undefined)
      .finally(() => (auto.busy = false));
  }, 100);

  const chain: DevChain = {
    runtime,
    endpoint,
    api,
    keyring,
    // Storage edits wait for a block being built, which would otherwise see half of them.
    rpc: <T>(method: string, params: unknown[] = []) =>
      method.startsWith('dev_') ? serialised(() => rpc<T>(method, params)) : rpc<T>(method, params),
    newBlock: (count = 1) => serialised(async () => void (await rpc('dev_newBlock', [{ count }]))),
    head: async () => (await api.rpc.chain.getHeader()).number.toNumber(),
    fund: (addresses, ksm) => serialised(() => fund(api, rpc, addresses, BigInt(ksm) * KSM)),
    submit: (tx, signer) => {
      // One signer's extrinsics one at a time: the next nonce is read after the previous inclusion.
      const previous = queues.get(signer.address) ?? Promise.resolve();
      const next = previous
        .catch(() => undefined)
        .then(() => submitOne(api, provider, rpc, mode === 'Manual' && !auto.on ? 'Manual' : 'Batch', tx, signer));
      queues.set(signer.address, next);
      return next;
    },
    createValidator: async (pair, prefs) => {
      const bond = (prefs.bondKsm ?? 1_000n) * KSM;
      await chain.fund([pair.address], bond / KSM + 100n);
      const outcome = await chain.submit(
        api.tx.utility.batchAll([
          api.tx.staking.bond(bond, 'Staked'),
          api.tx.staking.validate({ commission: prefs.commission, blocked: prefs.blocked }),
        ]),
        pair,
      );
      if (outcome.error) throw new Error(`createValidator ${pair.address}: ${outcome.error}`);
    },
    setAutoBuild: (on) => {
      auto.on = mode === 'Manual' && on;
      auto.idle = on;
    },
    close: async () => {
      clearInterval(producer);
      unsubscribeHeads();
      await api.disconnect();
      await server.close();
    },
  };
  return chain;
}

type Rpc = <T>(method: string, params?: unknown[]) => Promise<T>;

async function fund(api: ApiPromise, rpc: Rpc, addresses: string[], amount: bigint): Promise<void> {
  const entries = await Promise.all(
    addresses.map(async (address) => {
      const account = (await api.query.system.account(address)).toPrimitive() as {
        providers: number;
        data: { free: number | string };
      };
      const free = BigInt(account.data.free) + amount;
      const value = {
        ...account,
        providers: Math.max(account.providers, 1),
        data: { ...account.data, free: free.toString() },
      };
      return [[address], value];
    }),
  );
  await rpc('dev_setStorage', [{ System: { Account: entries } }]);
}

const SUBMIT_DEADLINE_MS = 60_000;
/**
 * Apply errors after which a real transaction pool keeps the extrinsic for a later block (the block
 * was full, or an earlier nonce is still on its way). Chopsticks drops any extrinsic that fails to
 * apply, so the test wallet submits those again, as a node's pool would have kept them.
 */
const KEPT_BY_A_REAL_POOL = new Set(['exhaustsResources', 'future']);
const MAX_RESUBMISSIONS = 3;

async function submitOne(
  api: ApiPromise,
  provider: WsProvider,
  rpc: Rpc,
  mode: DevChainMode,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
): Promise<SubmitOutcome> {
  const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  await tx.signAsync(signer, { nonce, era: 0 });
  const hex = tx.toHex();
  const hash = tx.hash.toHex();
  // The raw status stream: Chopsticks reports an apply error as a status that polkadot-js cannot
  // decode (its subscription would then stay silent), e.g. {"invalid":{"exhaustsResources":null}}.
  const watch = () =>
    new Promise<string>((resolve, reject) => {
      let subscription: string | number | undefined;
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`extrinsic ${hash} not included within ${SUBMIT_DEADLINE_MS} ms`));
      }, SUBMIT_DEADLINE_MS);
      const finish = () => {
        clearTimeout(timer);
        if (subscription !== undefined)
          void provider.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', subscription).catch(() => {});
      };
      provider
        .subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', [hex], (error, status: unknown) => {
          if (error) return (finish(), reject(error));
          if (typeof status !== 'object' || status === null) return;
          const record = status as Record<string, unknown>;
          if (typeof record.inBlock === 'string') return (finish(), resolve(record.inBlock));
          const invalid = (record.invalid ?? record.Invalid) as Record<string, unknown> | undefined;
          if (invalid) return (finish(), reject(new InvalidExtrinsic(Object.keys(invalid)[0] ?? 'unknown')));
          if ('dropped' in record || 'usurped' in record || 'retracted' in record)
            return (finish(), reject(new Error(`extrinsic ${hash}: ${JSON.stringify(record)}`)));
        })
        .then((id) => (subscription = id))
        .catch((e: unknown) => (finish(), reject(e as Error)));
    });

  for (let attempt = 0; ; attempt++) {
    const included = watch();
    try {
      if (mode === 'Manual') await buildWhenPending(api, rpc);
      const blockHash = await included;
      return await outcomeIn(api, blockHash, hash);
    } catch (e) {
      if (!(e instanceof InvalidExtrinsic) || !KEPT_BY_A_REAL_POOL.has(e.reason) || attempt >= MAX_RESUBMISSIONS)
        throw e;
    }
  }
}

class InvalidExtrinsic extends Error {
  constructor(readonly reason: string) {
    super(`extrinsic rejected by the runtime: invalid (${reason})`);
  }
}

/** The dispatch outcome and events of extrinsic `hash` in block `blockHash`. */
async function outcomeIn(api: ApiPromise, blockHash: string, hash: string): Promise<SubmitOutcome> {
  const [block, apiAt] = await Promise.all([api.rpc.chain.getBlock(blockHash), api.at(blockHash)]);
  const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === hash);
  const records = (await apiAt.query.system.events()) as unknown as {
    phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec };
    event: { section: string; method: string; data: Codec[] };
  }[];
  const own = records.filter((r) => r.phase.isApplyExtrinsic && Number(r.phase.asApplyExtrinsic.toString()) === index);
  const failed = own.find((r) => r.event.section === 'system' && r.event.method === 'ExtrinsicFailed');
  return {
    error: failed ? dispatchErrorName(api.registry, failed.event.data[0] as never) : null,
    events: own.map(({ event }) => ({
      section: event.section,
      method: event.method,
      data: event.data.map((d: Codec) => d.toHuman()),
    })),
    blockHash,
    blockNumber: block.block.header.number.toNumber(),
  };
}

/** Manual mode: a block built before the extrinsic reaches the pool would not contain it. */
async function buildWhenPending(api: ApiPromise, rpc: Rpc): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await api.rpc.author.pendingExtrinsics()).length === 0) {
    if (Date.now() > deadline) throw new Error('extrinsic never reached the pool');
    await new Promise((r) => setTimeout(r, 20));
  }
  await rpc('dev_newBlock', [{ count: 1 }]);
}
