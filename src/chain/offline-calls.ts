import { expandMetadata, Metadata, TypeRegistry } from '@polkadot/types';
import type { Call, ChainProperties } from '@polkadot/types/interfaces';
import type { NominationItem } from '../domain/ports/extrinsics.js';
import { capabilitySourceFromMetadata, detectCapabilities, type ChainCapabilities } from './capabilities.js';
import { buildNominationBatchCall, callFactoryFromDecorated, type CallFactory } from './nomination-calls.js';

export type DecoratedRuntime = ReturnType<typeof expandMetadata>;

/** A runtime known only from its metadata: enough to build, encode and decode calls without a node. */
export interface OfflineRuntime {
  registry: TypeRegistry;
  metadata: Metadata;
  /** `tx`, `query`, `consts`, `events`, `errors` decorated from the metadata. */
  decorated: DecoratedRuntime;
  calls: CallFactory;
  capabilities: ChainCapabilities;
}

/** Raw `RuntimeMetadataPrefixed` bytes or their hex (e.g. `state_getMetadata`, a `.scale` file). */
export function loadOfflineRegistry(
  metadata: string | Uint8Array,
  options: { ss58Prefix?: number } = {},
): OfflineRuntime {
  const registry = new TypeRegistry();
  const meta = new Metadata(registry, metadata as Uint8Array);
  registry.setMetadata(meta, undefined, undefined, true);
  if (options.ss58Prefix !== undefined) {
    registry.setChainProperties(
      registry.createTypeUnsafe<ChainProperties>('ChainProperties', [{ ss58Format: options.ss58Prefix }]),
    );
  }
  const decorated = expandMetadata(registry, meta);
  return {
    registry,
    metadata: meta,
    decorated,
    calls: callFactoryFromDecorated(decorated.tx),
    capabilities: detectCapabilities(capabilitySourceFromMetadata(decorated, meta)),
  };
}

/** The nomination batch of `items`, built offline (its `encodedLength` sizes batches in benchmarks). */
export function buildOfflineNominationBatch(runtime: OfflineRuntime, items: NominationItem[]): Call {
  return buildNominationBatchCall(runtime.calls, items, runtime.capabilities.stakingProxyType ?? 'Staking');
}

/** Decode call data hex back to a Call of this runtime. */
export function decodeCall(runtime: OfflineRuntime, callData: string): Call {
  return runtime.registry.createType('Call', callData);
}

export { buildNominationBatchCall };
