import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { createKeyDerived, createKeyMulti, encodeAddress } from '@polkadot/util-crypto';
import type { Address } from '../domain/shared/types.js';

/** The wrappers that report their inner call's result with an event of their own. */
export type ResultEvent =
  | 'proxy.ProxyExecuted'
  | 'sudo.Sudid'
  | 'sudo.SudoAsDone'
  | 'utility.DispatchedAs'
  /** Only when the approval was the last one: until then multisig.asMulti records it and runs nothing. */
  | 'multisig.MultisigExecuted';

/**
 * A call as it runs: each node knows the origin its calls dispatch with (an account, or null for
 * Root and origins that are no account).
 */
export type CallNode =
  | { kind: 'leaf'; call: Call; origin: Address | null }
  | { kind: 'batch' | 'batchAll' | 'forceBatch'; children: CallNode[] }
  /** `result`: the event that reports the inner call's outcome; null: the inner error is the wrapper's own. */
  | { kind: 'wrapped'; result: ResultEvent | null; child: CallNode }
  /** utility.ifElse: `fallback` runs only when `main` failed. */
  | { kind: 'ifElse'; main: CallNode; fallback: CallNode };

export interface CallLeaf {
  call: Call;
  origin: Address | null;
}

const BATCHES = new Set(['batch', 'batchAll', 'forceBatch']);

/**
 * The call tree of `call` dispatched by `origin`: utility batches and ifElse, proxy.proxy/
 * proxyAnnounced (as `real`), multisig.asMulti/asMultiThreshold1 (as the multisig account), sudo
 * wrappers, utility.asDerivative/dispatchAs/dispatchAsFallible/withWeight are walked into; every
 * other call is a leaf (scheduler calls included: their inner calls are not followed).
 */
export function callTree(call: Call, origin: Address | null, prefix: number): CallNode {
  const { section, method } = call;
  if (section === 'utility' && BATCHES.has(method)) {
    const calls = arg<Call[]>(call, 'calls');
    return { kind: method as 'batch', children: calls.map((c) => callTree(c, origin, prefix)) };
  }
  const inner = () => arg<Call>(call, 'call');
  switch (`${section}.${method}`) {
    case 'proxy.proxy':
    case 'proxy.proxyAnnounced':
      return wrapped('proxy.ProxyExecuted', callTree(inner(), multiAddress(arg(call, 'real'), prefix), prefix));
    case 'sudo.sudo':
    case 'sudo.sudoUncheckedWeight':
      return wrapped('sudo.Sudid', callTree(inner(), null, prefix));
    case 'sudo.sudoAs':
      return wrapped('sudo.SudoAsDone', callTree(inner(), multiAddress(arg(call, 'who'), prefix), prefix));
    // dispatchAsFallible's inner error is its own; on success it still emits DispatchedAs(Ok).
    case 'utility.dispatchAs':
    case 'utility.dispatchAsFallible':
      return wrapped('utility.DispatchedAs', callTree(inner(), signedOrigin(arg(call, 'as_origin'), prefix), prefix));
    case 'utility.ifElse':
      return {
        kind: 'ifElse',
        main: callTree(arg<Call>(call, 'main'), origin, prefix),
        fallback: callTree(arg<Call>(call, 'fallback'), origin, prefix),
      };
    // The inner call's error is as_multi_threshold_1's own.
    case 'multisig.asMultiThreshold1':
      if (!isCall(inner())) break;
      return wrapped(
        null,
        callTree(inner(), multisigAccount(origin, arg(call, 'other_signatories'), 1, prefix), prefix),
      );
    case 'multisig.asMulti': {
      if (!isCall(inner())) break;
      const threshold = Number(arg<Codec>(call, 'threshold').toString());
      const account = multisigAccount(origin, arg(call, 'other_signatories'), threshold, prefix);
      return wrapped('multisig.MultisigExecuted', callTree(inner(), account, prefix));
    }
    case 'utility.asDerivative': {
      const index = Number(arg<Codec>(call, 'index').toString());
      const derived = origin === null ? null : encodeAddress(createKeyDerived(origin, index), prefix);
      return wrapped(null, callTree(inner(), derived, prefix));
    }
    case 'utility.withWeight':
      return wrapped(null, callTree(inner(), origin, prefix));
  }
  return { kind: 'leaf', call, origin };
}

/** The leaves of a tree in execution order (pre-order, left to right). */
export function callLeaves(node: CallNode): CallLeaf[] {
  switch (node.kind) {
    case 'leaf':
      return [{ call: node.call, origin: node.origin }];
    case 'wrapped':
      return callLeaves(node.child);
    case 'ifElse':
      return [...callLeaves(node.main), ...callLeaves(node.fallback)];
    default:
      return node.children.flatMap(callLeaves);
  }
}

const wrapped = (result: ResultEvent | null, child: CallNode): CallNode => ({ kind: 'wrapped', result, child });

/** A call argument by its metadata name; snake_case and camelCase spellings are the same name. */
function arg<T>(call: Call, name: string): T {
  const wanted = name.replace(/_/g, '').toLowerCase();
  const entry = call.argsEntries.find(([n]) => n.replace(/_/g, '').toLowerCase() === wanted);
  if (!entry) throw new Error(`${call.section}.${call.method} has no argument ${name}`);
  return entry[1] as unknown as T;
}

interface EnumLike {
  type: string;
  value: Codec;
}

/** A MultiAddress naming a 32-byte account (Id or Address32); null for indices and other forms. */
export function multiAddress(value: unknown, prefix: number): Address | null {
  const address = value as EnumLike;
  if (address.type !== 'Id' && address.type !== 'Address32') return null;
  return encodeAddress(address.value.toU8a(), prefix);
}

/** Older runtimes passed multisig calls as opaque bytes: those stay leaves. */
function isCall(value: unknown): value is Call {
  const call = value as Partial<Call>;
  return typeof call.section === 'string' && Array.isArray(call.argsEntries);
}

/**
 * pallet-multisig's account of `origin` with `others` at `threshold` (the signatories sorted, as
 * createKeyMulti does); null when the origin is no account.
 */
function multisigAccount(origin: Address | null, others: unknown, threshold: number, prefix: number): Address | null {
  if (origin === null) return null;
  const who = [origin, ...(others as Codec[]).map((o) => o.toU8a())];
  return encodeAddress(createKeyMulti(who, threshold), prefix);
}

/** The account of a `system: Signed(account)` origin caller; null for Root, None and other origins. */
function signedOrigin(value: unknown, prefix: number): Address | null {
  const caller = value as EnumLike;
  if (caller.type.toLowerCase() !== 'system') return null;
  const raw = caller.value as unknown as EnumLike;
  return raw.type === 'Signed' ? encodeAddress(raw.value.toU8a(), prefix) : null;
}
