import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { stringCamelCase, u8aConcat } from '@polkadot/util';
import type { EventRecordLike, ExtrinsicLike } from '../../../src/chain/block-event-decoder.js';
import type { EventLike } from '../../../src/chain/event-fields.js';
import type { OfflineRuntime } from '../../../src/chain/offline-calls.js';

interface EventMeta {
  index: { toNumber(): number };
  fields: { type: { toNumber(): number } }[];
}

/** An event of `runtime` encoded from its field values and decoded back, as a node would return it. */
export function offlineEvent(runtime: OfflineRuntime, section: string, method: string, values: unknown[]): EventLike {
  const pallet = runtime.metadata.asLatest.pallets.find((p) => stringCamelCase(p.name.toString()) === section);
  const decorated = (runtime.decorated.events as unknown as Record<string, Record<string, { meta: EventMeta }>>)[
    section
  ]?.[method];
  if (!pallet || !decorated) throw new Error(`no event ${section}.${method}`);
  const { meta } = decorated;
  const data = meta.fields.map((field, i) =>
    runtime.registry.createTypeUnsafe(runtime.registry.createLookupType(field.type.toNumber()), [values[i]]).toU8a(),
  );
  const bytes = u8aConcat(new Uint8Array([pallet.index.toNumber(), meta.index.toNumber()]), ...data);
  return runtime.registry.createType('Event', bytes) as unknown as EventLike;
}

/** An event record in phase ApplyExtrinsic(index), Initialization (null) or Finalization ('final'). */
export function record(runtime: OfflineRuntime, phase: number | null | 'final', event: EventLike): EventRecordLike {
  const value = phase === null ? 'Initialization' : phase === 'final' ? 'Finalization' : { ApplyExtrinsic: phase };
  return { phase: runtime.registry.createType('Phase', value) as never, event };
}

/** A signed (or unsigned, signer null) extrinsic as the decoder reads it. */
export function extrinsic(runtime: OfflineRuntime, signer: string | null, call: Call, hashFill = 1): ExtrinsicLike {
  return {
    isSigned: signer !== null,
    signer: runtime.registry.createType('MultiAddress', signer === null ? undefined : { Id: signer }) as Codec,
    hash: runtime.registry.createType('Hash', new Uint8Array(32).fill(hashFill)) as Codec,
    method: call,
  };
}
