import type { Codec, Registry } from '@polkadot/types/types';
import type { BatchEvent } from './batch-outcome.js';
import { planck } from './codec-values.js';

interface DispatchErrorLike {
  isModule: boolean;
  asModule: Codec;
  type: string;
  value: unknown;
}
interface EventRecordLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: { toNumber(): number } };
  event: { section: string; method: string; data: Codec[] };
}

/** `section.Name` of a module error (`proxy.NotProxy`); `Token.FundsUnavailable`-style for the others. */
export function dispatchErrorName(registry: Registry, error: unknown): string {
  const err = error as DispatchErrorLike;
  if (err.isModule) {
    try {
      const meta = registry.findMetaError(err.asModule as never);
      return `${meta.section}.${meta.name}`;
    } catch {
      return `Module(${err.asModule.toString()})`;
    }
  }
  const inner = (err.value as { type?: unknown } | undefined)?.type;
  return typeof inner === 'string' && inner !== '' ? `${err.type}.${inner}` : err.type;
}

/** The events emitted while applying extrinsic `index` of a block, as BatchEvents. */
export function batchEventsOf(registry: Registry, records: unknown[], index: number): BatchEvent[] {
  const out: BatchEvent[] = [];
  for (const record of records as EventRecordLike[]) {
    if (!record.phase.isApplyExtrinsic || record.phase.asApplyExtrinsic.toNumber() !== index) continue;
    const { section, method, data } = record.event;
    const key = `${section}.${method}`;
    if (key === 'proxy.ProxyExecuted') {
      const result = data[0] as unknown as { isErr: boolean; asErr: unknown };
      out.push({ kind: 'proxyExecuted', error: result.isErr ? dispatchErrorName(registry, result.asErr) : null });
    } else if (key === 'utility.ItemCompleted') {
      out.push({ kind: 'itemCompleted' });
    } else if (key === 'utility.ItemFailed') {
      out.push({ kind: 'itemFailed', error: dispatchErrorName(registry, data[0]) });
    } else if (key === 'system.ExtrinsicFailed') {
      out.push({ kind: 'extrinsicFailed', error: dispatchErrorName(registry, data[0]) });
    } else if (key === 'transactionPayment.TransactionFeePaid') {
      out.push({ kind: 'feePaid', fee: planck(data[1]) });
    }
  }
  return out;
}
