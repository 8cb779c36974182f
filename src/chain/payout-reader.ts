import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import type { ExposurePages, PayoutReader } from '../domain/ports/payouts.js';
import type { Address } from '../domain/shared/types.js';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { capabilitySourceFromApi } from './capabilities.js';
import { chunks, num, option, planck } from './codec-values.js';
import type { ChainConnection } from './connection.js';
import { detectPayoutCapabilities, type PayoutCapabilities } from './payout-capabilities.js';

export interface PayoutReaderOptions {
  /** Used when the runtime has neither a `historyDepth` constant nor storage item (84 on Kusama). */
  defaultHistoryDepth?: number;
  /** Keys per `multi` request. */
  multiChunk?: number;
}

interface Storage {
  (...args: unknown[]): Promise<Codec>;
  multi(keys: unknown[]): Promise<Codec[]>;
}
interface IndividualExposure {
  who: Codec;
  value: Codec;
}
interface Overview {
  own: Codec;
  pageCount: Codec;
}
interface Exposure {
  total: Codec;
  others: IndividualExposure[];
}

/**
 * Exposures and paid pages as the payout planner needs them. The storage read is chosen by what
 * the runtime has (paged overview + pages, or one clipped exposure per validator), never by network.
 */
export class PolkadotPayoutReader implements PayoutReader {
  readonly #conn: ChainConnection;
  readonly #defaultDepth: number;
  readonly #chunk: number;
  #caps: { api: ApiPromise; spec: number; caps: PayoutCapabilities } | null = null;
  /** Runtimes that keep the depth in storage: the last value read (historyDepth() is synchronous). */
  #storedDepth: number | null = null;

  constructor(conn: ChainConnection, options: PayoutReaderOptions = {}) {
    this.#conn = conn;
    this.#defaultDepth = options.defaultHistoryDepth ?? 84;
    this.#chunk = options.multiChunk ?? 256;
  }

  /** Capabilities of the current runtime, recomputed after a runtime upgrade or an endpoint switch. */
  capabilities(): PayoutCapabilities {
    const api = this.#conn.api();
    const spec = api.runtimeVersion.specVersion.toNumber();
    if (this.#caps?.api !== api || this.#caps.spec !== spec) {
      this.#caps = { api, spec, caps: detectPayoutCapabilities(capabilitySourceFromApi(api)) };
    }
    return this.#caps.caps;
  }

  historyDepth(): number {
    const depth = this.capabilities().historyDepth;
    if (depth.kind === 'const') return depth.value;
    return this.#storedDepth ?? this.#defaultDepth;
  }

  async eraRewardKnown(era: number): Promise<boolean> {
    return this.#read('read era reward', async (staking) => option(await staking.erasValidatorReward!(era)) !== null);
  }

  async exposures(era: number, validators: Address[], stashes: ReadonlySet<Address>): Promise<ExposurePages[]> {
    const caps = this.capabilities();
    const unique = [...new Set(validators)];
    if (unique.length === 0) return [];
    return this.#read('read exposures', async (staking) => {
      const found = new Map<Address, ExposurePages>();
      let unpaged = unique;
      if (caps.pagedExposure) {
        const overviews = await this.#multi(
          staking.erasStakersOverview!,
          unique.map((v) => [era, v]),
        );
        const counts = unique.map((v, i) => ({ v, meta: option<Overview>(overviews[i]) }));
        for (const [v, pages] of await this.#pagedExposures(staking, era, counts, stashes)) found.set(v, pages);
        unpaged = counts.filter((c) => c.meta === null).map((c) => c.v);
      }
      if (caps.legacyExposure && unpaged.length > 0) {
        const wanted = accountIndex(stashes);
        await this.#eachMulti(
          staking[caps.legacyExposure]!,
          unpaged.map((v) => [era, v]),
          (value, i) => {
            const exposure = value as unknown as Exposure;
            // A value query: an unexposed validator reads as an empty exposure.
            if (planck(exposure.total) === 0n) return;
            const v = unpaged[i]!;
            const held = holding(exposure.others, wanted);
            found.set(v, { validator: v, pageCount: 1, pages: held.length > 0 ? [{ page: 0, stashes: held }] : [] });
          },
        );
      }
      return unique.flatMap((v) => found.get(v) ?? []);
    });
  }

  async claimedPages(era: number, validator: Address): Promise<Set<number>> {
    const caps = this.capabilities();
    return this.#read('read claimed pages', async (staking) => {
      const pages = new Set<number>();
      if (caps.claimedRewards.storage) {
        for (const page of (await staking.claimedRewards!(era, validator)) as unknown as Codec[]) pages.add(num(page));
      }
      const field = caps.claimedRewards.ledgerField;
      if (field) {
        // Eras paid before paging (or on unpaged runtimes) are listed in the ledger, keyed by the controller.
        const controller = caps.hasBonded ? option<Codec>(await staking.bonded!(validator)) : validator;
        const ledger = controller === null ? null : option<Record<string, Codec[]>>(await staking.ledger!(controller));
        if (ledger?.[field]?.some((e) => num(e) === era)) pages.add(0);
      }
      return pages;
    });
  }

  async #pagedExposures(
    staking: Record<string, Storage>,
    era: number,
    counts: { v: Address; meta: Overview | null }[],
    stashes: ReadonlySet<Address>,
  ): Promise<Map<Address, ExposurePages>> {
    const keys: [number, Address, number][] = [];
    for (const { v, meta } of counts) {
      if (meta) for (let page = 0; page < pageCount(meta); page++) keys.push([era, v, page]);
    }
    const wanted = accountIndex(stashes);
    const held = new Map<Address, ExposurePages['pages']>();
    // Matched a slice at a time: only the slice's decoded pages are held, never a whole era's.
    await this.#eachMulti(staking.erasStakersPaged!, keys, (value, i) => {
      const page = option<Codec>(value);
      if (!page) return;
      const [, v, index] = keys[i]!;
      const stashesOnPage = holding(othersOf(page), wanted);
      if (stashesOnPage.length === 0) return;
      const list = held.get(v) ?? [];
      list.push({ page: index, stashes: stashesOnPage });
      held.set(v, list);
    });
    const out = new Map<Address, ExposurePages>();
    for (const { v, meta } of counts) {
      if (meta) out.set(v, { validator: v, pageCount: pageCount(meta), pages: held.get(v) ?? [] });
    }
    return out;
  }

  async #multi(storage: Storage, keys: unknown[]): Promise<Codec[]> {
    const out: Codec[] = [];
    await this.#eachMulti(storage, keys, (value) => void out.push(value));
    return out;
  }

  /** Reads `keys` a `multiChunk` at a time, handing each value to `use` with its key's index. */
  async #eachMulti(storage: Storage, keys: unknown[], use: (value: Codec, index: number) => void): Promise<void> {
    let offset = 0;
    for (const slice of chunks(keys, this.#chunk)) {
      (await storage.multi(slice)).forEach((value, i) => use(value, offset + i));
      offset += slice.length;
    }
  }

  async #read<T>(label: string, fn: (staking: Record<string, Storage>) => Promise<T>): Promise<T> {
    const depth = this.capabilities().historyDepth;
    return this.#conn.call(label, async (api) => {
      const staking = api.query.staking as unknown as Record<string, Storage>;
      if (depth.kind === 'storage') this.#storedDepth = num(await staking.historyDepth!());
      return fn(staking);
    });
  }
}

/** As the pallet counts them: a validator backed by its own stake alone is still paid on page 0. */
function pageCount(overview: Overview): number {
  const count = num(overview.pageCount);
  return count === 0 && planck(overview.own) > 0n ? 1 : count;
}

/** The exposure page's nominators (staking-async's one-field wrapper around it decodes as the page itself). */
function othersOf(value: Codec): IndividualExposure[] {
  return (value as unknown as { others: IndividualExposure[] }).others;
}

/**
 * The stashes asked about by account id (hex). Built once per set (again if its size changed): a
 * sweep asks era after era with the same set, and comparing account ids spares an SS58 encoding
 * of every exposed nominator. An address that does not decode can match nobody.
 */
const accountIndexes = new WeakMap<ReadonlySet<Address>, { size: number; index: Map<string, Address> }>();
function accountIndex(stashes: ReadonlySet<Address>): Map<string, Address> {
  const known = accountIndexes.get(stashes);
  if (known?.size === stashes.size) return known.index;
  const index = new Map<string, Address>();
  for (const stash of stashes) {
    try {
      index.set(u8aToHex(decodeAddress(stash)), stash);
    } catch {
      // not an address: no exposure can hold it
    }
  }
  accountIndexes.set(stashes, { size: stashes.size, index });
  return index;
}

/** The stashes (as they were asked for) among a page's nominators, in page order. */
function holding(others: IndividualExposure[], wanted: Map<string, Address>): Address[] {
  const held: Address[] = [];
  for (const o of others) {
    const stash = wanted.get(o.who.toHex());
    if (stash !== undefined) held.push(stash);
  }
  return held;
}
