import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import type {
  ChainReader,
  ProxyDefinition,
  StakingLimits,
  StashView,
  ValidatorPrefs,
  ValidatorSetView,
} from '../domain/ports/chain-reading.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import { BlockMemo } from './block-memo.js';
import { BlockReadCoalescer } from './block-read-coalescer.js';
import { capabilitySourceFromApi, detectCapabilities, type ChainCapabilities } from './capabilities.js';
import { accountMapsOf, storageAt, type AccountMaps, type StorageEntryLike } from './account-storage.js';
import { address, blockRef, chunks, num, option, planck } from './codec-values.js';
import type { ChainConnection, TokenInfo } from './connection.js';
import { HeadTracker, type HeadTrackerOptions } from './head-tracker.js';
import { decodeSs58Account } from './ss58-decoder.js';

export interface ChainReaderOptions {
  /** Used when the runtime exposes neither a `maxNominations` constant nor `stakingApi.nominationsQuota`. */
  defaultMaxNominations?: number;
  /** Storage keys per `state_queryStorageAt` request. */
  multiChunk?: number;
  /** Stash views kept, per (block, stash). */
  maxCachedViews?: number;
  /** How long stash reads asked at one block are collected into one request (0: one turn of the event loop). */
  coalesceMs?: number;
  /** See HeadTracker. */
  heads?: HeadTrackerOptions;
  /**
   * `fresh` (the default: workers, scripts): every read at the head asks the node for its head and
   * reads it, as a worker about to sign must see the block it just learnt of (its tracker polls the
   * node; a subscription may announce that block a moment later). `shared-per-block` (the API's
   * requests): reads at the head use the head announced by subscription, and what is read at a
   * block is read once and shared by every request until the next block.
   */
  reads?: 'fresh' | 'shared-per-block';
  /**
   * `hashed-here` (the default): stash items are read with keys hashed here from the metadata and
   * values decoded by the registry (AccountMap); `registry`: through the library's `queryMulti`.
   * Both read the same; the second is there to compare them.
   */
  stashReads?: 'hashed-here' | 'registry';
}

type ApiAt = ApiDecoration<'promise'>;
type Query = (...args: unknown[]) => Promise<Codec>;
interface Storage {
  (...args: unknown[]): Promise<Codec>;
  multi(keys: unknown[]): Promise<Codec[]>;
  keys(...args: unknown[]): Promise<{ args: Codec[] }[]>;
  entries(...args: unknown[]): Promise<[{ args: Codec[] }, Codec][]>;
}
/** `apiAt.queryMulti`: many storage items, of any kind, in one `state_queryStorageAt` at the block. */
type QueryMulti = (calls: [Storage, ...unknown[]][]) => Promise<Codec[]>;
interface PrefsCodec {
  commission: Codec;
  blocked: { isTrue: boolean };
}
interface LedgerCodec {
  total: Codec;
  active: Codec;
}
interface ProxyDefCodec {
  delegate: Codec;
  proxyType: { type: string };
  delay: Codec;
}
interface NominationsCodec {
  targets: Codec[];
  submittedIn: Codec;
}
/** A stash's storage item to read, and the account it is keyed by (the ledger: the controller). */
type StashItem = [StashItemName, Address];
type StashItemName = 'bonded' | 'ledger' | 'nominators' | 'proxies';

/**
 * ChainReader over @polkadot/api: every view is read at one block and returned as plain values.
 *
 * Two ways to read at the head (`reads`). `fresh`: the node's head is asked at every read, and
 * read anew, as workers need it. `shared-per-block` (the API's requests): the best head announced
 * by a subscription (HeadTracker), without a request, and what is read at a block hash (which
 * never changes) is read once per block and shared by every caller, in flight included: the
 * active era and the staking limits (BlockMemo); the stash views are kept per (block, stash) in a
 * bounded cache, and the stashes asked at one block within a few milliseconds are read together
 * (BlockReadCoalescer). Either way a block's decorated api is made once.
 */
export class PolkadotChainReader implements ChainReader {
  readonly #conn: ChainConnection;
  readonly #defaultMax: number;
  readonly #chunk: number;
  readonly #heads: HeadTracker;
  readonly #blocks = new BlockMemo();
  readonly #views: BlockReadCoalescer<StashView>;
  readonly #shared: boolean;
  /** `nominationsQuota(balance)` by runtime version and balance (see #maxNominations). */
  readonly #quotas = new Map<string, Promise<number>>();
  /** The api the per-block memos were filled through: a decorated api dies with its socket. */
  #memoApi: ApiPromise | null = null;
  #caps: { api: ApiPromise; spec: number; caps: ChainCapabilities } | null = null;
  /** The stash items' AccountMaps by runtime (its registry); null: read through queryMulti. */
  readonly #maps = new WeakMap<object, AccountMaps<StashItemName> | null>();
  readonly #accountStorage: boolean;

  constructor(conn: ChainConnection, options: ChainReaderOptions = {}) {
    this.#conn = conn;
    this.#defaultMax = options.defaultMaxNominations ?? 16;
    this.#chunk = options.multiChunk ?? 256;
    this.#heads = new HeadTracker(conn, options.heads);
    this.#shared = options.reads === 'shared-per-block';
    this.#accountStorage = (options.stashReads ?? 'hashed-here') === 'hashed-here';
    this.#views = new BlockReadCoalescer<StashView>((hash, stashes) => this.#loadStashViews(hash, stashes), {
      maxEntries: options.maxCachedViews ?? 50_000,
      windowMs: options.coalesceMs ?? 2,
    });
  }

  /** The best head, followed by subscription. */
  heads(): HeadTracker {
    return this.#heads;
  }

  genesisHash(): string {
    return this.#conn.genesisHash;
  }

  ss58Prefix(): number {
    return this.#conn.ss58Prefix;
  }

  token(): TokenInfo {
    return this.#conn.token;
  }

  /** Capabilities of the current runtime, recomputed after a runtime upgrade or an endpoint switch. */
  capabilities(): ChainCapabilities {
    const api = this.#conn.api();
    const spec = api.runtimeVersion.specVersion.toNumber();
    if (this.#caps?.api !== api || this.#caps.spec !== spec) {
      this.#caps = { api, spec, caps: detectCapabilities(capabilitySourceFromApi(api)) };
    }
    return this.#caps.caps;
  }

  async activeEra(): Promise<{ index: number; at: BlockRef }> {
    return this.#conn.call('read activeEra', async (api) => {
      const at = await this.#head(api);
      const read = async () => readActiveEra(await this.#apiAt(api, at.hash));
      const index = this.#shared ? await this.#blocks.get(at.hash, 'activeEra', read) : await read();
      return { index, at };
    });
  }

  async stakingLimits(): Promise<StakingLimits> {
    const caps = this.capabilities();
    return this.#conn.call('read staking limits', async (api) => {
      const at = await this.#head(api);
      const apiAt = await this.#apiAt(api, at.hash);
      const read = async (): Promise<StakingLimits> => {
        const staking = apiAt.query.staking as unknown as Record<string, Storage>;
        const queryMulti = apiAt.queryMulti as unknown as QueryMulti;
        const items: [Storage][] = [[staking.minNominatorBond!]];
        if (caps.hasMinimumActiveStake) items.push([staking.minimumActiveStake!]);
        const [bond, active] = await queryMulti(items);
        const minNominatorBond = planck(bond);
        const balances = api.consts.balances as unknown as { existentialDeposit: Codec } | undefined;
        return {
          minNominatorBond,
          minimumActiveStake: active ? planck(active) : null,
          maxNominations: await this.#maxNominations(api, caps, minNominatorBond),
          existentialDeposit: balances ? planck(balances.existentialDeposit) : 0n,
        };
      };
      return this.#shared ? this.#blocks.get(at.hash, 'stakingLimits', read) : read();
    });
  }

  async validatorSet(): Promise<ValidatorSetView> {
    const caps = this.capabilities();
    const prefix = this.ss58Prefix();
    return this.#conn.call('read validator set', async (api) => {
      const at = await this.#head(api);
      const apiAt = await this.#apiAt(api, at.hash);
      const staking = apiAt.query.staking as unknown as Record<string, Storage>;
      const [activeEra, entries] = await Promise.all([readActiveEra(apiAt), staking.validators!.entries()]);
      const validators = new Map<Address, ValidatorPrefs>();
      for (const [key, value] of entries) {
        const prefs = value as unknown as PrefsCodec;
        validators.set(address(key.args[0], prefix), {
          commission: num(prefs.commission),
          blocked: prefs.blocked.isTrue,
        });
      }
      const elected = new Set(await readElected(apiAt, caps, activeEra, prefix));
      return { at, activeEra, validators, elected };
    });
  }

  /**
   * At the head: the newest head known when called (never an older one), so a change is seen by
   * the first read after its block was announced. At `block`: that block's state. Either way every
   * view of one call is of the one block `at`.
   */
  async stashViews(stashes: Address[], block?: BlockRef): Promise<{ at: BlockRef; views: Map<Address, StashView> }> {
    return this.#conn.call('read stash views', async (api) => {
      const at = block ?? (await this.#head(api));
      const views = this.#shared
        ? await this.#views.read(at.hash, stashes)
        : await this.#loadStashViews(at.hash, [...new Set(stashes)]);
      return { at, views };
    });
  }

  /** The head reads start from: the announced one when shared per block, else the node's own now. */
  async #head(api: ApiPromise): Promise<BlockRef> {
    if (this.#shared) return this.#heads.head();
    return blockRef(await api.rpc.chain.getHeader());
  }

  /** The decorated api of a block, made once per block (it costs a header and a runtime version request). */
  #apiAt(api: ApiPromise, hash: string): Promise<ApiAt> {
    if (api !== this.#memoApi) {
      // Another socket: what was decorated through the old one cannot read any more.
      this.#blocks.clear();
      this.#quotas.clear();
      this.#memoApi = api;
    }
    return this.#blocks.get(hash, 'apiAt', () => api.at(hash) as Promise<ApiAt>);
  }

  async #loadStashViews(hash: string, stashes: Address[]): Promise<Map<Address, StashView>> {
    const api = this.#conn.api();
    const caps = this.capabilities();
    const apiAt = await this.#apiAt(api, hash);
    const views = new Map<Address, StashView>();
    // At most this many storage items a stash in one request (bonded ones: ledger and nominations after).
    const itemsPerStash = caps.hasBonded ? 2 : 3;
    for (const slice of chunks(stashes, Math.max(1, Math.floor(this.#chunk / itemsPerStash)))) {
      for (const view of await this.#readStashes(api, apiAt, hash, caps, slice)) views.set(view.stash, view);
    }
    return views;
  }

  /**
   * Where the runtime keeps `bonded` (stash → controller): one `state_queryStorageAt` for the
   * `bonded` and `proxies` of every stash, then one for the ledger (under its controller) and the
   * nominations of the bonded ones only. A stash that is not bonded has neither (the pallet removes
   * both with the stake): a new account, as most opt-ins and unknown addresses are, costs two
   * storage items instead of four. Without `bonded`, the ledger is under the stash: one request.
   */
  async #readStashes(
    api: ApiPromise,
    apiAt: ApiAt,
    hash: string,
    caps: ChainCapabilities,
    stashes: Address[],
  ): Promise<StashView[]> {
    const prefix = this.ss58Prefix();
    const read = this.#stashItemReader(api, apiAt, hash);
    const first: StashItem[] = [];
    for (const stash of stashes) {
      if (caps.hasBonded) first.push(['bonded', stash]);
      else first.push(['ledger', stash], ['nominators', stash]);
      if (read.hasProxies) first.push(['proxies', stash]);
    }
    const values = await read.values(first);
    let next = 0;
    const found = stashes.map((stash) => {
      if (caps.hasBonded) {
        const bonded = values[next++] ?? null;
        const proxyList = read.hasProxies ? proxyDefinitions(values[next++] ?? null, prefix) : [];
        // `bonded` maps stash → controller; no controller: not bonded, no ledger, no nominations.
        const controller = bonded ? address(bonded, prefix) : null;
        return {
          stash,
          controller,
          ledger: null as LedgerCodec | null,
          nominations: null as NominationsCodec | null,
          proxyList,
        };
      }
      const ledger = (values[next++] ?? null) as LedgerCodec | null;
      const nominations = (values[next++] ?? null) as NominationsCodec | null;
      const proxyList = read.hasProxies ? proxyDefinitions(values[next++] ?? null, prefix) : [];
      return { stash, controller: stash as Address | null, ledger, nominations, proxyList };
    });
    const bonded = caps.hasBonded ? found.filter((r) => r.controller !== null) : [];
    if (bonded.length > 0) {
      const second = await read.values(
        // The ledger is keyed by the controller: the stash itself on current runtimes.
        bonded.flatMap((r): StashItem[] => [
          ['ledger', r.controller!],
          ['nominators', r.stash],
        ]),
      );
      bonded.forEach((r, i) => {
        r.ledger = (second[2 * i] ?? null) as LedgerCodec | null;
        r.nominations = (second[2 * i + 1] ?? null) as NominationsCodec | null;
      });
    }
    return found.map(({ stash, controller, ledger, nominations, proxyList }) => ({
      stash,
      ledger: controller && ledger ? { total: planck(ledger.total), active: planck(ledger.active) } : null,
      proxies: proxyList,
      nominations: nominations
        ? { targets: nominations.targets.map((t) => address(t, prefix)), submittedIn: num(nominations.submittedIn) }
        : null,
    }));
  }

  /**
   * How a block's stash items are read. Where the metadata allows (every runtime seen so far), keys
   * are hashed here and sent as they are in one `state_queryStorageAt`, and only the values that are
   * stored are decoded (AccountMap): building each key through the codec registry, and the
   * library's layers around the request, were a third of the API's CPU on a status lookup that
   * misses its caches. Otherwise `queryMulti`, as before. A value is the item's decoded value,
   * null when an optional item is absent.
   */
  #stashItemReader(
    api: ApiPromise,
    apiAt: ApiAt,
    hash: string,
  ): { hasProxies: boolean; values(items: StashItem[]): Promise<(Codec | null)[]> } {
    const staking = apiAt.query.staking as unknown as Record<string, Storage>;
    const proxies = (apiAt.query.proxy as unknown as Record<string, Storage> | undefined)?.proxies;
    const entries: Record<StashItemName, Storage | undefined> = {
      bonded: staking.bonded,
      ledger: staking.ledger,
      nominators: staking.nominators,
      proxies,
    };
    const maps = this.#accountMaps(apiAt, entries);
    if (maps) {
      return {
        hasProxies: proxies !== undefined,
        values: async (items) => {
          // Each account decoded once a request (a stash's bonded and proxies share it).
          const accounts = new Map<Address, Uint8Array>();
          const accountOf = (who: Address) => {
            let bytes = accounts.get(who);
            if (!bytes) accounts.set(who, (bytes = decodeSs58Account(who)));
            return bytes;
          };
          const stored = await storageAt(
            api,
            items.map(([item, who]) => maps[item]!.key(accountOf(who))),
            hash,
          );
          return stored.map((value, i) => maps[items[i]![0]]!.value(value));
        },
      };
    }
    const queryMulti = apiAt.queryMulti as unknown as QueryMulti;
    return {
      hasProxies: proxies !== undefined,
      values: async (items) => {
        const values = await queryMulti(items.map(([item, who]): [Storage, ...unknown[]] => [entries[item]!, who]));
        return values.map((value, i) =>
          (entries[items[i]![0]] as unknown as StorageEntryLike).creator.meta.modifier.isOptional
            ? option<Codec>(value)
            : value,
        );
      },
    };
  }

  /** The stash items' AccountMaps of a block's runtime, made once per runtime; null: use queryMulti. */
  #accountMaps(apiAt: ApiAt, entries: Record<StashItemName, Storage | undefined>): AccountMaps<StashItemName> | null {
    if (!this.#accountStorage) return null;
    let maps = this.#maps.get(apiAt.registry);
    if (maps === undefined) {
      maps = accountMapsOf(entries as Record<StashItemName, StorageEntryLike | undefined>, apiAt.registry);
      this.#maps.set(apiAt.registry, maps);
    }
    return maps;
  }

  /**
   * `nominationsQuota(balance)` depends on the runtime's code and its argument only (the quota
   * implementations in use are a fixed maximum and read no storage), so it is asked once per
   * runtime version and balance: far less often than once per block.
   */
  #maxNominations(api: ApiPromise, caps: ChainCapabilities, balance: bigint): Promise<number> {
    if (caps.maxNominations.kind === 'const') return Promise.resolve(caps.maxNominations.value);
    if (caps.maxNominations.kind !== 'runtimeApi') return Promise.resolve(this.#defaultMax);
    const { specName, specVersion } = api.runtimeVersion;
    const key = `${specName.toString()}/${specVersion.toString()}/${balance}`;
    let quota = this.#quotas.get(key);
    if (!quota) {
      const call = api.call as unknown as Record<string, Record<string, Query>>;
      // The quota may grow with the bond: asking for the minimum bond gives the bound every nominator gets.
      const asked = call.stakingApi!.nominationsQuota!(balance).then(num);
      asked.catch(() => this.#quotas.get(key) === asked && this.#quotas.delete(key));
      this.#quotas.set(key, (quota = asked));
    }
    return quota;
  }
}

async function readActiveEra(apiAt: ApiAt): Promise<number> {
  const staking = apiAt.query.staking as unknown as Record<string, Query>;
  const era = option<{ index: Codec }>(await staking.activeEra!());
  if (!era) throw new Error('staking.activeEra is not set on this chain');
  return num(era.index);
}

async function readElected(apiAt: ApiAt, caps: ChainCapabilities, era: number, prefix: number): Promise<Address[]> {
  if (caps.activeSetSource === 'sessionValidators') {
    const session = apiAt.query.session as unknown as Record<string, Query>;
    const list = (await session.validators!()) as unknown as Codec[];
    return list.map((v) => address(v, prefix));
  }
  const staking = apiAt.query.staking as unknown as Record<string, Storage>;
  const keys = await staking[caps.activeSetSource]!.keys(era);
  return keys.map((k) => address(k.args[1], prefix));
}

function proxyDefinitions(value: Codec | null, prefix: number): ProxyDefinition[] {
  if (value === null) return [];
  const [definitions] = value as unknown as [ProxyDefCodec[]];
  return definitions.map((d) => ({
    delegate: address(d.delegate, prefix),
    proxyType: d.proxyType.type,
    delay: num(d.delay),
  }));
}
