import { compactToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Address, Planck } from '../domain/shared/types.js';
import { buildSetupBatchCall, type CallFactory } from './nomination-calls.js';

/** The setup call's SCALE bytes and their blake2-256 hash, as `Call.toU8a()` and `Call.hash` give them. */
export interface EncodedSetupCall {
  bytes: Uint8Array;
  hash: Uint8Array;
}

/** The bond values the template is checked against the registry with, at build time. */
const PROBE_VALUES = [1n, 63n, 64n, 16_383n, 16_384n, 2n ** 30n, 10n ** 13n, 2n ** 64n + 7n, 2n ** 128n - 1n];

/**
 * The opt-in setup call of one operator, `utility.batchAll([staking.bond(value, 'Staked')?,
 * proxy.addProxy(operator, 'Staking', 0)])`, encoded without the codec registry: the proxy-only
 * call is the same for every stash, and with a bond only the compact `value` changes. The bytes
 * around it come from the registry itself (built once with value 0, whose compact is one byte), so
 * pallet and call indices, the payee and proxy type come from the metadata, never hard-coded.
 *
 * Returns null when the registry's call is not laid out that way (another runtime's `bond`): the
 * caller then builds every call through the registry. The template is checked against the
 * registry's own encoding on a spread of values (every compact width) before it is used.
 */
export function setupCallEncoder(
  calls: CallFactory,
  operator: Address,
): ((bondValue: Planck | null) => EncodedSetupCall) | null {
  const registryBytes = (bondValue: Planck | null) => buildSetupBatchCall(calls, { operator, bondValue }).toU8a();
  const proxyOnly = registryBytes(null);
  const proxyOnlyCall: EncodedSetupCall = { bytes: proxyOnly, hash: blake2AsU8a(proxyOnly, 256) };

  const withZero = registryBytes(0n);
  const bond = calls('staking', 'bond', 0n, 'Staked').toU8a();
  const addProxy = calls('proxy', 'addProxy', operator, 'Staking', 0).toU8a();
  const head = withZero.subarray(0, withZero.length - bond.length - addProxy.length);
  // bond's first argument, the compact value, right after its two index bytes: 0 encodes as 0x00.
  if (bond.length < 3 || bond[2] !== 0 || !u8aEq(withZero, u8aConcat(head, bond, addProxy))) return null;
  const before = u8aConcat(head, bond.subarray(0, 2));
  const after = u8aConcat(bond.subarray(3), addProxy);

  const encode = (bondValue: Planck | null): EncodedSetupCall => {
    if (bondValue === null) return proxyOnlyCall;
    const bytes = u8aConcat(before, compactToU8a(bondValue), after);
    return { bytes, hash: blake2AsU8a(bytes, 256) };
  };
  for (const value of PROBE_VALUES) if (!u8aEq(encode(value).bytes, registryBytes(value))) return null;
  return encode;
}
