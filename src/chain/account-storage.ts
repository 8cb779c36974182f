import type { ApiPromise } from '@polkadot/api';
import type { Codec, Registry } from '@polkadot/types/types';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, encodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import { sentinelAccount } from './nomination-encoder-shape.js';

/** What the metadata says of one storage item (polkadot-js' `creator.meta`, structurally). */
interface EntryMeta {
  type: {
    isMap: boolean;
    asMap: { hashers: { type: string }[]; value: unknown };
  };
  modifier: { isOptional: boolean };
  fallback: { toU8a(isBare: boolean): Uint8Array };
}

/** A storage item of a decorated api: the key it builds for an argument, its prefix and metadata. */
export interface StorageEntryLike {
  (...args: unknown[]): Promise<Codec>;
  key(...args: unknown[]): string;
  keyPrefix(): string;
  creator: { meta: EntryMeta };
}

/** The hashers whose key ends with the account itself, so that a key names its account. */
const HASHERS: Record<string, (account: Uint8Array) => Uint8Array> = {
  Twox64Concat: (a) => u8aConcat(xxhashAsU8a(a, 64), a),
  Blake2_128Concat: (a) => u8aConcat(blake2AsU8a(a, 128), a),
  Identity: (a) => a,
};

/**
 * One storage map keyed by a 32-byte account, its keys hashed and its values decoded here from the
 * runtime's metadata: the storage prefix, the key's hasher and the value's type all come from it.
 * `value` is the registry's own decoding of the stored bytes (null: absent from an optional map; an
 * absent value of a map with a default is its default, as the pallet reads it).
 */
export class AccountMap {
  readonly #prefix: Uint8Array;
  readonly #hash: (account: Uint8Array) => Uint8Array;
  readonly #registry: Registry;
  readonly #type: string;
  readonly #optional: boolean;
  readonly #fallback: Uint8Array;

  private constructor(entry: StorageEntryLike, registry: Registry, hash: (account: Uint8Array) => Uint8Array) {
    const meta = entry.creator.meta;
    this.#prefix = hexToU8a(entry.keyPrefix());
    this.#hash = hash;
    this.#registry = registry;
    this.#type = registry.createLookupType(meta.type.asMap.value as never);
    this.#optional = meta.modifier.isOptional;
    this.#fallback = meta.fallback.toU8a(true);
  }

  /**
   * The map, when its key is one account hashed by a hasher known here and the keys built here are
   * those the registry builds (checked on two sentinel accounts); null otherwise.
   */
  static of(entry: StorageEntryLike | undefined, registry: Registry): AccountMap | null {
    const meta = entry?.creator.meta;
    if (!entry || !meta?.type.isMap || meta.type.asMap.hashers.length !== 1) return null;
    const hash = HASHERS[meta.type.asMap.hashers[0]!.type];
    if (!hash) return null;
    const map = new AccountMap(entry, registry, hash);
    for (const n of [1, 2]) {
      const account = sentinelAccount(n);
      if (map.key(account) !== entry.key(encodeAddress(account, 42))) return null;
    }
    return map;
  }

  key(account: Uint8Array): string {
    return u8aToHex(u8aConcat(this.#prefix, this.#hash(account)));
  }

  value(stored: string | null): Codec | null {
    if (stored === null) return this.#optional ? null : this.#registry.createType(this.#type, this.#fallback);
    return this.#registry.createType(this.#type, hexToU8a(stored));
  }
}

/** `state_queryStorageAt`'s answer: one change set at the block, a value (or null) for each key asked. */
type StorageChangeSets = { block: string; changes: [string, string | null][] }[];

/**
 * The stored values of `keys` at block `hash`, in one `state_queryStorageAt` sent as is: the keys
 * are hex already, and the answer's JSON is read without the codec layer (null: nothing stored).
 */
export async function storageAt(api: ApiPromise, keys: string[], hash: string): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  const send = api.rpc as unknown as (method: string, ...params: unknown[]) => Promise<StorageChangeSets>;
  const sets = await send('state_queryStorageAt', keys, hash);
  const stored = new Map<string, string | null>();
  for (const set of sets) for (const [key, value] of set.changes) stored.set(key.toLowerCase(), value);
  return keys.map((key) => {
    if (!stored.has(key)) throw new Error(`state_queryStorageAt at ${hash} did not answer for key ${key}`);
    return stored.get(key) ?? null;
  });
}

/** An AccountMap for each item the runtime has (an item it lacks has none). */
export type AccountMaps<Name extends string> = Partial<Record<Name, AccountMap>>;

/** The maps of every item given, or null when one of those the runtime has cannot be read here. */
export function accountMapsOf<Name extends string>(
  entries: Record<Name, StorageEntryLike | undefined>,
  registry: Registry,
): AccountMaps<Name> | null {
  const maps: AccountMaps<Name> = {};
  for (const [name, entry] of Object.entries(entries) as [Name, StorageEntryLike | undefined][]) {
    if (!entry) continue;
    const map = AccountMap.of(entry, registry);
    if (!map) return null;
    maps[name] = map;
  }
  return maps;
}
