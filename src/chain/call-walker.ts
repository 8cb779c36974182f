import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { createKeyDerived, encodeAddress } from '@polkadot/util-crypto';
import type { Address } from '../domain/shared/types.js';

/** The wrappers that report their inner call's result with an event of their own. */
export type ResultEvent = 'proxy.ProxyExecuted' | 'sudo.Sudid' | 'sudo.SudoAsDone' | 'utility.DispatchedAs';

/**
 * A call as it runs: each node knows the origin its calls dispatch with (an account, or null for
 * Root and origins that are no account).
 */
export type CallNode =
  | { kind: 'leaf'; call: Call; origin: Address | null }
  | { kind: 'batch' | 'batchAll' | 'forceBatch'; children: CallNode[] }
  /** `result`: the event that reports the inner call's outcome; null: the inner error is the wrapper's own. */
  | { kind: 'wrapped'; result: ResultEvent | null; child: CallNode };

export interface CallLeaf {
  call: Call;
  origin: Address | null;
}

const BATCHES = new Set(['batch', 'batchAll', 'forceBatch']);

/**
 * The call tree of `call` dispatched by `origin`: utility batches, proxy.proxy/proxyAnnounced (as
 * `real`), sudo wrappers, utility.asDerivative/dispatchAs/withWeight are walked into; every other
 * call is a leaf (multisig and scheduler calls included: their inner calls are not followed).
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
    case 'utility.dispatchAs':
      return wrapped('utility.DispatchedAs', callTree(inner(), signedOrigin(arg(call, 'as_origin'), prefix), prefix));
    case 'utility.asDerivative': {
      const index = Number(arg<Codec>(call, 'index').toString());
      const derived = origin === null ? null : encodeAddress(createKeyDerived(origin, index), prefix);
      return wrapped(null, callTree(inner(), derived, prefix));
    }
    case 'utility.withWeight':
      return wrapped(null, callTree(inner(), origin, prefix));
    default:
      return { kind: 'leaf', call, origin };
  }
}

/** The leaves of a tree in execution order (pre-order, left to right). */
export function callLeaves(node: CallNode): CallLeaf[] {
  switch (node.kind) {
    case 'leaf':
      return [{ call: node.call, origin: node.origin }];
    case 'wrapped':
      return callLeaves(node.child);
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

/** The account of a `system: Signed(account)` origin caller; null for Root, None and other origins. */
function signedOrigin(value: unknown, prefix: number): Address | null {
  const caller = value as EnumLike;
  if (caller.type.toLowerCase() !== 'system') return null;
  const raw = caller.value as unknown as EnumLike;
  return raw.type === 'Signed' ? encodeAddress(raw.value.toU8a(), prefix) : null;
}
