import type { Codec } from '@polkadot/types/types';

/** The parts of a polkadot-js event read here. */
export interface EventLike {
  section: string;
  method: string;
  data: Codec[] & { names?: string[] | null };
}

/**
 * Field layouts of events without field names in their metadata (runtimes before named event
 * fields), by field count. Named layouts need no table: the names are read from the metadata.
 */
const POSITIONAL: Record<string, Record<number, string[]>> = {
  'staking.Rewarded': { 2: ['stash', 'amount'], 3: ['stash', 'dest', 'amount'] },
  'staking.PayoutStarted': { 2: ['eraIndex', 'validatorStash'] },
  'staking.Bonded': { 2: ['stash', 'amount'] },
  'staking.Unbonded': { 2: ['stash', 'amount'] },
  'staking.Withdrawn': { 2: ['stash', 'amount'] },
  'staking.Chilled': { 1: ['stash'] },
  'staking.PayeeSet': { 2: ['stash', 'payee'] },
  'proxy.ProxyAdded': {
    3: ['delegator', 'delegatee', 'proxyType'],
    4: ['delegator', 'delegatee', 'proxyType', 'delay'],
  },
  'proxy.ProxyRemoved': {
    3: ['delegator', 'delegatee', 'proxyType'],
    4: ['delegator', 'delegatee', 'proxyType', 'delay'],
  },
};

/**
 * An event's fields by camelCase name. Layouts differ across runtimes (`staking.Rewarded` is
 * `{stash, amount}` on older pallet-staking, `{stash, dest, amount}` on newer ones): the names
 * come from the event's own metadata, never from the network it runs on.
 */
export function eventFields(event: EventLike): Map<string, Codec> {
  const names = event.data.names ?? POSITIONAL[`${event.section}.${event.method}`]?.[event.data.length] ?? [];
  return new Map(names.map((name, i) => [name, event.data[i]!] as const));
}

/** The first of `aliases` present among `fields` (field names changed across releases). */
export function pick(fields: Map<string, Codec>, ...aliases: string[]): Codec | null {
  for (const alias of aliases) {
    const value = fields.get(alias);
    if (value !== undefined) return value;
  }
  return null;
}
