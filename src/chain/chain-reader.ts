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
import { capabilitySourceFromApi, detectCapabilities, type ChainCapabilities } from './capabilities.js';
import { address, blockRef, chunks, num, option, planck } from './codec-values.js';
import type { ChainConnection, TokenInfo } from './connection.js';

export interface ChainReaderOptions {
  /** Used when the runtime exposes neither a `maxNominations` constant nor `stakingApi.nominationsQuota`. */
  defaultMaxNominations?: number;
  /** Keys per `multi` request. */
  multiChunk?: number;
}

type ApiAt = ApiDecoration<'promise'>;
type Query = (...args: unknown[]) => Promise<Codec>;
interface Storage {
  (...args: unknown[]): Promise<Codec>;
  multi(keys: unknown[]): Promise<Codec[]>;
  keys(...args: unknown[]): Promise<{ args: Codec[] }[]>;
  entries(...args: unknown[]): Promise<[{ args: Codec[] }, Codec][]>;
}
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

/** ChainReader over @polkadot/api: every view is read at one block and returned as plain values. */
export class PolkadotChainReader implements ChainReader {
  readonly #conn: ChainConnection;
  readonly #defaultMax: number;
  readonly #chunk: number;
  #caps: { api: ApiPromise; spec: number; caps: ChainCapabilities } | null = null;

  constructor(conn: ChainConnection, options: ChainReaderOptions = {}) {
    this.#conn = conn;
    this.#defaultMax = options.defaultMaxNominations ?? 16;
    this.#chunk = options.multiChunk ?? 256;
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
      const { at, apiAt } = await atHead(api);
      return { index: await readActiveEra(apiAt), at };
    });
  }

  async stakingLimits(): Promise<StakingLimits> {
    const caps = this.capabilities();
    return this.#conn.call('read staking limits', async (api) => {
      const { apiAt } = await atHead(api);
      const staking = apiAt.query.staking as unknown as Record<string, Query>;
      const minNominatorBond = planck(await staking.minNominatorBond!());
      const minimumActiveStake = caps.hasMinimumActiveStake ? planck(await staking.minimumActiveStake!()) : null;
      const balances = api.consts.balances as unknown as { existentialDeposit: Codec } | undefined;
      return {
        minNominatorBond,
        minimumActiveStake,
        maxNominations: await this.#maxNominations(api, caps, minNominatorBond),
        existentialDeposit: balances ? planck(balances.existentialDeposit) : 0n,
      };
    });
  }

  async validatorSet(): Promise<ValidatorSetView> {
    const caps = this.capabilities();
    const prefix = this.ss58Prefix();
    return this.#conn.call('read validator set', async (api) => {
      const { at, apiAt } = await atHead(api);
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

  async stashViews(stashes: Address[], block?: BlockRef): Promise<{ at: BlockRef; views: Map<Address, StashView> }> {
    const caps = this.capabilities();
    return this.#conn.call('read stash views', async (api) => {
      const { at, apiAt } = block ? { at: block, apiAt: (await api.at(block.hash)) as ApiAt } : await atHead(api);
      const views = new Map<Address, StashView>();
      for (const slice of chunks([...new Set(stashes)], this.#chunk)) {
        for (const view of await this.#readStashes(apiAt, caps, slice)) views.set(view.stash, view);
      }
      return { at, views };
    });
  }

  async #readStashes(apiAt: ApiAt, caps: ChainCapabilities, stashes: Address[]): Promise<StashView[]> {
    const prefix = this.ss58Prefix();
    const staking = apiAt.query.staking as unknown as Record<string, Storage>;
    const proxy = apiAt.query.proxy as unknown as Record<string, Storage> | undefined;
    // The ledger is keyed by the controller; `bonded` maps stash → controller (equal on current runtimes).
    const controllers: (Address | null)[] = caps.hasBonded
      ? (await staking.bonded!.multi(stashes)).map((c) => {
          const controller = option<Codec>(c);
          return controller ? address(controller, prefix) : null;
        })
      : stashes;
    const ledgerKeys = controllers.filter((c): c is Address => c !== null);
    const [ledgers, proxies, nominators] = await Promise.all([
      ledgerKeys.length > 0 ? staking.ledger!.multi(ledgerKeys) : Promise.resolve([]),
      proxy?.proxies ? proxy.proxies.multi(stashes) : Promise.resolve(null),
      staking.nominators!.multi(stashes),
    ]);
    const ledgerOf = new Map(ledgerKeys.map((c, i) => [c, option<LedgerCodec>(ledgers[i])]));
    return stashes.map((stash, i) => {
      const controller = controllers[i];
      const ledger = controller ? (ledgerOf.get(controller) ?? null) : null;
      const nominations = option<NominationsCodec>(nominators[i]);
      return {
        stash,
        ledger: ledger ? { total: planck(ledger.total), active: planck(ledger.active) } : null,
        proxies: proxies ? proxyDefinitions(proxies[i]!, prefix) : [],
        nominations: nominations
          ? { targets: nominations.targets.map((t) => address(t, prefix)), submittedIn: num(nominations.submittedIn) }
          : null,
      };
    });
  }

  async #maxNominations(api: ApiPromise, caps: ChainCapabilities, balance: bigint): Promise<number> {
    if (caps.maxNominations.kind === 'const') return caps.maxNominations.value;
    if (caps.maxNominations.kind === 'runtimeApi') {
      const call = api.call as unknown as Record<string, Record<string, Query>>;
      // The quota may grow with the bond: asking for the minimum bond gives the bound every nominator gets.
      return num(await call.stakingApi!.nominationsQuota!(balance));
    }
    return this.#defaultMax;
  }
}

async function atHead(api: ApiPromise): Promise<{ at: BlockRef; apiAt: ApiAt }> {
  const header = await api.rpc.chain.getHeader();
  return { at: blockRef(header), apiAt: await api.at(header.hash) };
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

function proxyDefinitions(value: Codec, prefix: number): ProxyDefinition[] {
  const [definitions] = value as unknown as [ProxyDefCodec[]];
  return definitions.map((d) => ({
    delegate: address(d.delegate, prefix),
    proxyType: d.proxyType.type,
    delay: num(d.delay),
  }));
}
