import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import type { StakeReader, StakeView } from '../domain/collectives/collective-chain.js';
import type { RewardDestination } from '../domain/collectives/types.js';
import type { AtBlock } from '../domain/pools/pool-chain.js';
import type { Address, BlockRef } from '../domain/shared/types.js';
import { capabilitySourceFromApi, detectCapabilities, type ChainCapabilities } from './capabilities.js';
import { address, blockRef, chunks, num, option, planck } from './codec-values.js';
import type { ChainConnection } from './connection.js';

type ApiAt = ApiDecoration<'promise'>;
interface Storage {
  multi(keys: unknown[]): Promise<Codec[]>;
}
interface LedgerCodec {
  active: Codec;
}
interface ProxyDefCodec {
  delegate: Codec;
  proxyType: { type: string };
  delay: Codec;
}
interface RewardDestinationCodec {
  type: string;
  asAccount: Codec;
}

/** Proxy types that let the operator set a stash's reward destination (Any allows everything). */
const PAYEE_PROXY_TYPES = new Set(['Staking', 'Any']);

export interface StakeReaderOptions {
  /** Keys per `multi` request. */
  multiChunk?: number;
}

/**
 * What collectives read of stashes: the active bond, the reward destination and whether the
 * operator holds their Staking proxy, every stash at one block in batched reads.
 */
export class PolkadotStakeReader implements StakeReader {
  readonly #conn: ChainConnection;
  readonly #chunk: number;
  #caps: { api: ApiPromise; spec: number; caps: ChainCapabilities } | null = null;

  constructor(conn: ChainConnection, options: StakeReaderOptions = {}) {
    this.#conn = conn;
    this.#chunk = options.multiChunk ?? 256;
  }

  stakes(stashes: Address[], operator: Address | null, at?: BlockRef): Promise<AtBlock<Map<Address, StakeView>>> {
    return this.#conn.call('read stakes', async (api) => {
      const block = at ?? blockRef(await api.rpc.chain.getHeader());
      const apiAt = (await api.at(block.hash)) as ApiAt;
      const hasBonded = this.#capabilities(api).hasBonded;
      const value = new Map<Address, StakeView>();
      for (const slice of chunks([...new Set(stashes)], this.#chunk))
        for (const view of await readStakes(apiAt, slice, operator, hasBonded, this.#conn.ss58Prefix))
          value.set(view.stash, view);
      return { at: block, value };
    });
  }

  /** Recomputed after a runtime upgrade or an endpoint switch. */
  #capabilities(api: ApiPromise): ChainCapabilities {
    const spec = api.runtimeVersion.specVersion.toNumber();
    if (this.#caps?.api !== api || this.#caps.spec !== spec)
      this.#caps = { api, spec, caps: detectCapabilities(capabilitySourceFromApi(api)) };
    return this.#caps.caps;
  }
}

async function readStakes(
  apiAt: ApiAt,
  stashes: Address[],
  operator: Address | null,
  hasBonded: boolean,
  prefix: number,
): Promise<StakeView[]> {
  const staking = apiAt.query.staking as unknown as Record<string, Storage>;
  const proxy = apiAt.query.proxy as unknown as Record<string, Storage> | undefined;
  // The ledger is keyed by the controller: `bonded` maps stash → controller where it exists (on
  // Asset Hub every stash is its own controller); without it the stash is the key.
  const controllers: (Address | null)[] = hasBonded
    ? (await staking.bonded!.multi(stashes)).map((c) => {
        const controller = option<Codec>(c);
        return controller ? address(controller, prefix) : null;
      })
    : stashes;
  const ledgerKeys = controllers.filter((c): c is Address => c !== null);
  const [ledgers, payees, proxies] = await Promise.all([
    ledgerKeys.length > 0 ? staking.ledger!.multi(ledgerKeys) : Promise.resolve([]),
    staking.payee!.multi(stashes),
    proxy?.proxies ? proxy.proxies.multi(stashes) : Promise.resolve(null),
  ]);
  const ledgerOf = new Map(ledgerKeys.map((c, i) => [c, option<LedgerCodec>(ledgers[i])]));
  return stashes.map((stash, i) => {
    const controller = controllers[i];
    const ledger = controller ? (ledgerOf.get(controller) ?? null) : null;
    return {
      stash,
      active: ledger ? planck(ledger.active) : null,
      // A stash that is not bonded has no destination (older runtimes answer the default, Staked).
      payee: ledger ? rewardDestination(payees[i]!, prefix) : null,
      operatorProxy: operator !== null && proxies !== null && holdsPayeeProxy(proxies[i]!, operator, prefix),
    };
  });
}

/** `staking.payee`: an Option on staking-async, the enum itself on older pallet-staking. */
export function rewardDestination(value: Codec, prefix: number): RewardDestination | null {
  const isOption = typeof (value as unknown as { isSome?: unknown }).isSome === 'boolean';
  const dest = isOption ? option<RewardDestinationCodec>(value) : (value as unknown as RewardDestinationCodec);
  if (!dest) return null;
  switch (dest.type) {
    case 'Account':
      return { kind: 'Account', account: address(dest.asAccount, prefix) };
    case 'Staked':
    case 'Stash':
    case 'Controller':
    case 'None':
      return { kind: dest.type };
    default:
      throw new Error(`unknown reward destination ${dest.type}`);
  }
}

function holdsPayeeProxy(value: Codec, operator: Address, prefix: number): boolean {
  const [definitions] = value as unknown as [ProxyDefCodec[]];
  return definitions.some(
    (d) => PAYEE_PROXY_TYPES.has(d.proxyType.type) && num(d.delay) === 0 && address(d.delegate, prefix) === operator,
  );
}
