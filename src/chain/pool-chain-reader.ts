import type { ApiDecoration } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import { u8aToString } from '@polkadot/util';
import type { AssetInfo, AtBlock, PoolChainReader, PoolToken, TokenBalance } from '../domain/pools/pool-chain.js';
import type { Address, BlockRef, Planck } from '../domain/shared/types.js';
import { blockRef, chunks, num, option, planck } from './codec-values.js';
import type { ChainConnection } from './connection.js';

type ApiAt = ApiDecoration<'promise'>;
interface Storage {
  (...args: unknown[]): Promise<Codec>;
  multi(keys: unknown[]): Promise<Codec[]>;
}
interface AccountInfoCodec {
  data: { free: Codec; reserved: Codec };
}
interface AssetDetailsCodec {
  minBalance: Codec;
  isSufficient: { isTrue: boolean };
  status: { type: string };
}
interface AssetMetadataCodec {
  name: { toU8a(bare: true): Uint8Array };
  symbol: { toU8a(bare: true): Uint8Array };
  decimals: Codec;
}
interface AssetAccountCodec {
  balance: Codec;
}

export interface PoolChainReaderOptions {
  /** Keys per `multi` request. */
  multiChunk?: number;
}

/** What the pools read of the chain: every answer is read at one block (the best head) and says which. */
export class PolkadotPoolChainReader implements PoolChainReader {
  readonly #conn: ChainConnection;
  readonly #chunk: number;

  constructor(conn: ChainConnection, options: PoolChainReaderOptions = {}) {
    this.#conn = conn;
    this.#chunk = options.multiChunk ?? 256;
  }

  existentialDeposit(): Promise<AtBlock<Planck>> {
    return this.#read('read existential deposit', async (apiAt) => {
      const balances = apiAt.consts.balances as unknown as { existentialDeposit: Codec } | undefined;
      return balances ? planck(balances.existentialDeposit) : 0n;
    });
  }

  asset(assetId: number): Promise<AtBlock<AssetInfo | null>> {
    return this.#read(`read asset ${assetId}`, (apiAt) => readAsset(apiAt, assetId));
  }

  async assetExists(assetId: number): Promise<AtBlock<boolean>> {
    const { at, value } = await this.asset(assetId);
    return { at, value: value !== null };
  }

  async assetMinBalance(assetId: number): Promise<AtBlock<Planck | null>> {
    const { at, value } = await this.asset(assetId);
    return { at, value: value?.minBalance ?? null };
  }

  balances(accounts: Address[], tokens: PoolToken[]): Promise<AtBlock<TokenBalance[]>> {
    return this.#read('read pool balances', async (apiAt) => {
      const amounts = new Map<string, Planck>();
      const key = (account: Address, token: PoolToken) =>
        `${account}/${token.kind === 'native' ? 'native' : token.assetId}`;
      const unique = [...new Set(accounts)];
      if (tokens.some((t) => t.kind === 'native')) {
        const system = storage(apiAt, 'system', 'account');
        for (const slice of chunks(unique, this.#chunk)) {
          const infos = await system.multi(slice);
          slice.forEach((account, i) =>
            amounts.set(key(account, { kind: 'native' }), planck((infos[i] as unknown as AccountInfoCodec).data.free)),
          );
        }
      }
      const assetIds = [...new Set(tokens.flatMap((t) => (t.kind === 'asset' ? [t.assetId] : [])))];
      if (assetIds.length > 0) {
        const assets = storage(apiAt, 'assets', 'account');
        const pairs = assetIds.flatMap((id) => unique.map((account) => [id, account] as const));
        for (const slice of chunks(pairs, this.#chunk)) {
          const entries = await assets.multi(slice.map(([id, account]) => [id, account]));
          slice.forEach(([id, account], i) => {
            const entry = option<AssetAccountCodec>(entries[i]);
            amounts.set(key(account, { kind: 'asset', assetId: id }), entry ? planck(entry.balance) : 0n);
          });
        }
      }
      return accounts.flatMap((account) =>
        tokens.map((token) => ({ account, token, amount: amounts.get(key(account, token)) ?? 0n })),
      );
    });
  }

  holdsAnything(address: Address, token: PoolToken): Promise<AtBlock<boolean>> {
    return this.#read(`read holdings of ${address}`, async (apiAt) => {
      if (token.kind === 'asset') {
        return option(await storage(apiAt, 'assets', 'account')(token.assetId, address)) !== null;
      }
      // A native balance exists only from the existential deposit up: any balance means it holds one.
      const { data } = (await storage(apiAt, 'system', 'account')(address)) as unknown as AccountInfoCodec;
      return planck(data.free) + planck(data.reserved) > 0n;
    });
  }

  #read<T>(label: string, read: (apiAt: ApiAt) => Promise<T>): Promise<AtBlock<T>> {
    return this.#conn.call(label, async (api) => {
      const header = await api.rpc.chain.getHeader();
      const at: BlockRef = blockRef(header);
      return { at, value: await read(await api.at(header.hash)) };
    });
  }
}

async function readAsset(apiAt: ApiAt, assetId: number): Promise<AssetInfo | null> {
  const [details, metadata] = await Promise.all([
    storage(apiAt, 'assets', 'asset')(assetId),
    storage(apiAt, 'assets', 'metadata')(assetId),
  ]);
  const asset = option<AssetDetailsCodec>(details);
  if (!asset) return null;
  const meta = metadata as unknown as AssetMetadataCodec;
  const symbol = u8aToString(meta.symbol.toU8a(true));
  const name = u8aToString(meta.name.toU8a(true));
  const decimals = num(meta.decimals);
  // The storage default (no metadata set) is empty name and symbol with 0 decimals.
  const hasMetadata = symbol !== '' || name !== '' || decimals !== 0;
  return {
    assetId,
    minBalance: planck(asset.minBalance),
    decimals: hasMetadata ? decimals : null,
    symbol: hasMetadata ? symbol : null,
    status: asset.status.type,
    isSufficient: asset.isSufficient.isTrue,
  };
}

function storage(apiAt: ApiAt, section: string, item: string): Storage {
  const fn = (apiAt.query as unknown as Record<string, Record<string, Storage> | undefined>)[section]?.[item];
  if (!fn) throw new Error(`the runtime has no storage ${section}.${item}`);
  return fn;
}
