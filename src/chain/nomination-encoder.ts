import type { ApiPromise } from '@polkadot/api';
import { compactToU8a } from '@polkadot/util';
import type { NominationItem } from '../domain/ports/extrinsics.js';
import { callFactoryFromApi, type CallFactory } from './nomination-calls.js';
import { AccountBytesCache } from './nomination-encoder-accounts.js';
import { NominationShapeError, readNominationShape, type NominationShape } from './nomination-encoder-shape.js';

export { NominationShapeError } from './nomination-encoder-shape.js';

/**
 * Encodes `proxy.proxy(stash, <staking proxy type>, staking.nominate(targets))` items and their
 * `utility.forceBatch` straight from account bytes, byte for byte as the codec registry would
 * (the shape is read from the registry and checked when the encoder is made), about a hundred
 * times faster: each address is decoded once, nothing is built per item but its bytes.
 */
export class NominationEncoder {
  readonly #shape: NominationShape;
  readonly #accounts: AccountBytesCache;
  /** proxy index, real header: what every item starts with before the stash bytes. */
  readonly #head: Uint8Array;
  /** proxy type, nominate index: between the stash bytes and the targets' count. */
  readonly #middle: Uint8Array;
  readonly #targetLength: number;
  readonly #counts = new Map<number, Uint8Array>();

  private constructor(shape: NominationShape, accounts: AccountBytesCache) {
    this.#shape = shape;
    this.#accounts = accounts;
    this.#head = concat([shape.proxyCallIndex, shape.realHeader]);
    this.#middle = concat([shape.proxyTypeBytes, shape.nominateCallIndex]);
    this.#targetLength = shape.targetHeader.length + 32;
  }

  /**
   * From a runtime's calls (a live api's or offline metadata's, see nomination-calls.ts) and the
   * name of its staking proxy type. Throws NominationShapeError when the runtime's calls are not
   * shaped as expected: the caller then builds calls through the registry.
   */
  static fromCalls(f: CallFactory, proxyType: string, accounts = new AccountBytesCache()): NominationEncoder {
    return new NominationEncoder(readNominationShape(f, proxyType), accounts);
  }

  /** An item's encoded length, from its number of targets alone (no address is read). */
  itemLength(item: NominationItem): number {
    return this.#fixedLength() + this.#count(item.targets.length).length + item.targets.length * this.#targetLength;
  }

  /** `utility.forceBatch` with no item: call index and a zero count. */
  emptyBatchLength(): number {
    return this.#shape.forceBatchCallIndex.length + 1;
  }

  batchLength(items: NominationItem[]): number {
    let length = this.#shape.forceBatchCallIndex.length + this.#count(items.length).length;
    for (const item of items) length += this.itemLength(item);
    return length;
  }

  /** Decodes every address of the item (throws Ss58DecodeError for one that is not an account), keeping them for encoding. */
  check(item: NominationItem): void {
    this.#accounts.get(item.stash);
    for (const target of item.targets) this.#accounts.get(target);
  }

  encodeItem(item: NominationItem): Uint8Array {
    const out = new Uint8Array(this.itemLength(item));
    this.#write(item, out, 0);
    return out;
  }

  /** `utility.forceBatch(items as proxy.proxy(nominate))`: the call's bytes. */
  encodeBatch(items: NominationItem[]): Uint8Array {
    const out = new Uint8Array(this.batchLength(items));
    out.set(this.#shape.forceBatchCallIndex, 0);
    const count = this.#count(items.length);
    out.set(count, this.#shape.forceBatchCallIndex.length);
    let offset = this.#shape.forceBatchCallIndex.length + count.length;
    for (const item of items) offset = this.#write(item, out, offset);
    return out;
  }

  #fixedLength(): number {
    return this.#head.length + 32 + this.#middle.length;
  }

  #write(item: NominationItem, out: Uint8Array, start: number): number {
    let offset = start;
    out.set(this.#head, offset);
    offset += this.#head.length;
    out.set(this.#accounts.get(item.stash), offset);
    offset += 32;
    out.set(this.#middle, offset);
    offset += this.#middle.length;
    const count = this.#count(item.targets.length);
    out.set(count, offset);
    offset += count.length;
    const header = this.#shape.targetHeader;
    for (const target of item.targets) {
      out.set(header, offset);
      offset += header.length;
      out.set(this.#accounts.get(target), offset);
      offset += 32;
    }
    return offset;
  }

  #count(n: number): Uint8Array {
    let bytes = this.#counts.get(n);
    if (!bytes) {
      bytes = compactToU8a(n);
      this.#counts.set(n, bytes);
    }
    return bytes;
  }
}

/** One encoder per runtime (a runtime upgrade gives the api a new registry) and proxy type. */
const encoders = new WeakMap<object, Map<string, NominationEncoder | NominationShapeError>>();

/**
 * The encoder of the api's current runtime, made once; a NominationShapeError when the runtime's
 * calls are not shaped as the encoder expects (build them through the registry then).
 */
export function nominationEncoderFor(api: ApiPromise, proxyType: string): NominationEncoder | NominationShapeError {
  let byType = encoders.get(api.registry);
  if (!byType) {
    byType = new Map();
    encoders.set(api.registry, byType);
  }
  let encoder = byType.get(proxyType);
  if (!encoder) {
    try {
      encoder = NominationEncoder.fromCalls(callFactoryFromApi(api), proxyType);
    } catch (error) {
      if (!(error instanceof NominationShapeError)) throw error;
      encoder = error;
    }
    byType.set(proxyType, encoder);
  }
  return encoder;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
