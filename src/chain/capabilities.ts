import type { ApiPromise } from '@polkadot/api';
import type { Metadata } from '@polkadot/types';
import type { Registry } from '@polkadot/types/types';
import { stringCamelCase } from '@polkadot/util';

/** What the runtime offers, read from its metadata only: never from the network's name. */
export interface ChainCapabilities {
  /** staking-async and paged pallet-staking: `payoutStakersByPage`; older runtimes: `payoutStakers`. */
  payoutCall: 'payoutStakersByPage' | 'payoutStakers';
  /** Where the elected set of an era is read. */
  activeSetSource: 'erasStakersOverview' | 'erasStakers' | 'sessionValidators';
  hasForceBatch: boolean;
  hasProxy: boolean;
  hasMinimumActiveStake: boolean;
  /** `staking.bonded` (stash → controller) exists. */
  hasBonded: boolean;
  /** Where paid reward pages are recorded: the `claimedRewards` storage and/or a ledger field. */
  claimedRewards: { storage: boolean; ledgerField: 'claimedRewards' | 'legacyClaimedRewards' | null };
  maxNominations: { kind: 'const'; value: number } | { kind: 'runtimeApi' } | { kind: 'unknown' };
  /** Name of the proxy type that may nominate ('Staking'), or null when the runtime has none. */
  stakingProxyType: string | null;
}

type Section = Record<string, unknown> | undefined;

/** The decorated view shared by ApiPromise and an offline expanded metadata. */
export interface CapabilitySource {
  tx: Record<string, Section>;
  query: Record<string, Section>;
  consts: Record<string, Section>;
  registry: Registry;
  /** Runtime API methods as `stakingApi.nominationsQuota`. */
  runtimeApis: Set<string>;
}

interface EntryMeta {
  meta: { type: { isMap: boolean; asMap: { value: { toNumber(): number } } } };
}
interface CallMeta {
  meta: { args: { type: { toString(): string } }[] };
}

export function capabilitySourceFromApi(api: ApiPromise): CapabilitySource {
  const runtimeApis = new Set<string>();
  for (const [section, methods] of Object.entries(api.call as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(methods)) runtimeApis.add(`${section}.${method}`);
  }
  return {
    tx: api.tx as never,
    query: api.query as never,
    consts: api.consts as never,
    registry: api.registry,
    runtimeApis,
  };
}

export function capabilitySourceFromMetadata(
  decorated: { tx: object; query: object; consts: object; registry: Registry },
  metadata: Metadata,
): CapabilitySource {
  const runtimeApis = new Set<string>();
  for (const api of metadata.asLatest.apis) {
    for (const method of api.methods) {
      runtimeApis.add(`${stringCamelCase(api.name)}.${stringCamelCase(method.name)}`);
    }
  }
  return {
    tx: decorated.tx as never,
    query: decorated.query as never,
    consts: decorated.consts as never,
    registry: decorated.registry,
    runtimeApis,
  };
}

export function detectCapabilities(src: CapabilitySource): ChainCapabilities {
  const has = (group: Record<string, Section>, section: string, item: string) => group[section]?.[item] !== undefined;
  const maxConst = src.consts.staking?.maxNominations as { toNumber(): number } | undefined;
  return {
    payoutCall: has(src.tx, 'staking', 'payoutStakersByPage') ? 'payoutStakersByPage' : 'payoutStakers',
    activeSetSource: has(src.query, 'staking', 'erasStakersOverview')
      ? 'erasStakersOverview'
      : has(src.query, 'staking', 'erasStakers')
        ? 'erasStakers'
        : 'sessionValidators',
    hasForceBatch: has(src.tx, 'utility', 'forceBatch'),
    hasProxy: has(src.tx, 'proxy', 'proxy'),
    hasMinimumActiveStake: has(src.query, 'staking', 'minimumActiveStake'),
    hasBonded: has(src.query, 'staking', 'bonded'),
    claimedRewards: {
      storage: has(src.query, 'staking', 'claimedRewards'),
      ledgerField: ledgerClaimedField(src),
    },
    maxNominations: maxConst
      ? { kind: 'const', value: maxConst.toNumber() }
      : src.runtimeApis.has('stakingApi.nominationsQuota')
        ? { kind: 'runtimeApi' }
        : { kind: 'unknown' },
    stakingProxyType: proxyTypeNames(src).includes('Staking') ? 'Staking' : null,
  };
}

/** Variant names of the runtime's ProxyType enum (argument 1 of `proxy.addProxy`). */
export function proxyTypeNames(src: CapabilitySource): string[] {
  const addProxy = src.tx.proxy?.addProxy as CallMeta | undefined;
  const typeName = addProxy?.meta.args[1]?.type.toString();
  if (!typeName) return [];
  const codec = src.registry.createType(typeName) as unknown as { defKeys?: string[] };
  return codec.defKeys ?? [];
}

function ledgerClaimedField(src: CapabilitySource): ChainCapabilities['claimedRewards']['ledgerField'] {
  const ledger = src.query.staking?.ledger as EntryMeta | undefined;
  if (!ledger?.meta.type.isMap) return null;
  const def = src.registry.lookup.getSiType(ledger.meta.type.asMap.value.toNumber()).def;
  if (!def.isComposite) return null;
  const names = def.asComposite.fields.map((f) => stringCamelCase(f.name.unwrapOr('').toString()));
  if (names.includes('legacyClaimedRewards')) return 'legacyClaimedRewards';
  if (names.includes('claimedRewards')) return 'claimedRewards';
  return null;
}
