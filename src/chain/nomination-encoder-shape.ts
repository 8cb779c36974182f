import type { Call } from '@polkadot/types/interfaces';
import { compactToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import type { CallFactory } from './nomination-calls.js';

/**
 * The constant parts of `proxy.proxy(real, forceProxyType, staking.nominate(targets))` and of
 * `utility.forceBatch(calls)` in one runtime, read from calls the codec registry builds for
 * sentinel accounts: call indices as the metadata gives them, and the bytes each argument adds
 * around an account's 32 bytes (MultiAddress: the `Id` variant's index; AccountId: nothing).
 */
export interface NominationShape {
  proxyCallIndex: Uint8Array;
  nominateCallIndex: Uint8Array;
  forceBatchCallIndex: Uint8Array;
  /** What the `real` argument puts before the stash's account bytes. */
  realHeader: Uint8Array;
  /** `forceProxyType` encoded: Some(the staking proxy type). */
  proxyTypeBytes: Uint8Array;
  /** What each target puts before its account bytes inside `nominate`'s vector. */
  targetHeader: Uint8Array;
}

export class NominationShapeError extends Error {
  constructor(reason: string) {
    super(`nomination calls of this runtime do not have the shape the encoder knows (${reason}): use the registry`);
    this.name = 'NominationShapeError';
  }
}

/** Sentinel accounts: distinct, with no byte shared at the same position. */
export const sentinelAccount = (n: number): Uint8Array =>
  Uint8Array.from({ length: 32 }, (_, i) => (n * 37 + i * 5 + 1) & 0xff);
const sentinel = (n: number): string => encodeAddress(sentinelAccount(n), 42);

/** What `encoded` puts before `account`, which must end it; null when it does not end so. */
function headerBefore(encoded: Uint8Array, account: Uint8Array): Uint8Array | null {
  if (encoded.length < 32) return null;
  const tail = encoded.subarray(encoded.length - 32);
  return u8aEq(tail, account) ? encoded.slice(0, encoded.length - 32) : null;
}

interface ArgCodec {
  toU8a(): Uint8Array;
}

/** Reads the shape from the registry and checks it on two different sentinel calls; throws NominationShapeError. */
export function readNominationShape(f: CallFactory, proxyType: string): NominationShape {
  const build = (stash: number, targets: number[]): Call =>
    f('proxy', 'proxy', sentinel(stash), proxyType, f('staking', 'nominate', targets.map(sentinel)));
  const one = build(1, [2]);
  const two = build(3, [4, 5]);
  const [real1, type1, inner1] = one.args as unknown as [ArgCodec, ArgCodec, Call];
  const [real2, type2, inner2] = two.args as unknown as [ArgCodec, ArgCodec, Call];
  if (!inner1?.callIndex || !inner2?.callIndex) throw new NominationShapeError('proxy.proxy takes no call last');

  const realHeader = headerBefore(real1.toU8a(), sentinelAccount(1));
  const realHeader2 = headerBefore(real2.toU8a(), sentinelAccount(3));
  if (!realHeader || !realHeader2 || !u8aEq(realHeader, realHeader2)) {
    throw new NominationShapeError('the real account is not a constant header and 32 account bytes');
  }
  const proxyTypeBytes = type1.toU8a();
  if (!u8aEq(proxyTypeBytes, type2.toU8a())) throw new NominationShapeError('the proxy type encodes differently');

  // nominate's only argument: compact count, then per target a constant header and its 32 bytes.
  const targets1 = (inner1.args[0] as unknown as ArgCodec).toU8a();
  const count1 = compactToU8a(1);
  const targetHeader = headerBefore(targets1.subarray(count1.length), sentinelAccount(2));
  if (!u8aEq(targets1.subarray(0, count1.length), count1) || !targetHeader) {
    throw new NominationShapeError('a target is not a constant header and 32 account bytes');
  }

  const batchIndex = f('utility', 'forceBatch', []).callIndex;
  const shape: NominationShape = {
    proxyCallIndex: Uint8Array.from(one.callIndex),
    nominateCallIndex: Uint8Array.from(inner1.callIndex),
    forceBatchCallIndex: Uint8Array.from(batchIndex),
    realHeader,
    proxyTypeBytes,
    targetHeader,
  };
  // The whole calls as the shape writes them must be the registry's bytes, for both sentinels.
  const expected = (stash: number, targets: number[]) =>
    u8aConcat(
      shape.proxyCallIndex,
      shape.realHeader,
      sentinelAccount(stash),
      shape.proxyTypeBytes,
      shape.nominateCallIndex,
      compactToU8a(targets.length),
      ...targets.flatMap((t) => [shape.targetHeader, sentinelAccount(t)]),
    );
  if (!u8aEq(one.toU8a(), expected(1, [2])) || !u8aEq(two.toU8a(), expected(3, [4, 5]))) {
    throw new NominationShapeError('proxy.proxy(nominate) is not its arguments one after the other');
  }
  const batch = f('utility', 'forceBatch', [one, two]).toU8a();
  if (!u8aEq(batch, u8aConcat(shape.forceBatchCallIndex, compactToU8a(2), one.toU8a(), two.toU8a()))) {
    throw new NominationShapeError('utility.forceBatch is not its calls one after the other');
  }
  return shape;
}
