import type { Clock } from '../ports/clock-and-beacon.js';
import type { Address, BlockRef, Planck } from '../shared/types.js';
import type { StakeReader, StakeView } from './collective-chain.js';
import type { CollectiveDelegations, CollectiveRegistries } from './collective-deps.js';
import type { CollectiveRepository, CollectiveUnit } from './collective.repository.js';
import { refreshStatus } from './status.js';
import type { Breach, Contributor } from './types.js';

/** Of a collective's stashes, those whose reward destination the operator has set to the collective's account. */
export interface PayeeSettings {
  /** Stashes whose latest `set` change in this collective is done (the chain showed it landed). */
  payeeSetOn(collectiveId: string, stashes: Address[]): Promise<Set<Address>>;
}

export interface BreachDeps {
  collectives: CollectiveRepository;
  registries: CollectiveRegistries;
  delegations: CollectiveDelegations;
  stakes: StakeReader;
  payees: PayeeSettings;
  clock: Clock;
  operator: () => Address | null;
}

/**
 * Locks cannot be enforced by the chain, stake never leaving the stash (DESIGN §2): the service
 * watches instead. A counting contribution whose stash left NDeST, removed the operator's proxy,
 * moved its reward destination away from the collective's account or unbonded below its
 * commitment stops counting; the breach is public in the collective's record and the status is
 * recomputed. The indexer calls this with the stashes a finalized block touched (within one
 * block), the worker's tick with every counting stash (what no event reported: an opt-out
 * through the API, a block missed while the indexer was behind).
 */
export async function detectBreaches(
  deps: BreachDeps,
  stashes: Address[] | 'all',
  block?: BlockRef,
): Promise<Breach[]> {
  const byCollective = new Map<string, Address[]>();
  if (stashes === 'all') {
    for (const name of await deps.collectives.liveNames()) byCollective.set(name, []);
  } else {
    for (const [stash, name] of await deps.collectives.countingOf(stashes))
      byCollective.set(name, [...(byCollective.get(name) ?? []), stash]);
  }
  const found: Breach[] = [];
  for (const [name, only] of byCollective)
    found.push(...(await deps.collectives.withCollective(name, (unit) => checkUnit(deps, unit, only, block))));
  return found;
}

async function checkUnit(
  deps: BreachDeps,
  unit: CollectiveUnit,
  only: Address[],
  block: BlockRef | undefined,
): Promise<Breach[]> {
  if (unit.collective.status === 'removed') return [];
  const counting = (await unit.contributors()).filter(
    (c) => c.status === 'counting' && (only.length === 0 || only.includes(c.address)),
  );
  if (counting.length === 0) return [];
  const stashes = counting.map((c) => c.address);
  const native = await deps.registries.nativeDenom();
  const [views, payeeSet, delegations] = await Promise.all([
    deps.stakes.stakes(stashes, deps.operator(), block),
    deps.payees.payeeSetOn(unit.collective.id, stashes),
    deps.delegations.statusesOf(stashes),
  ]);
  const now = deps.clock.now();
  const breaches: Breach[] = [];
  for (const c of counting) {
    const why = breachOf(c, delegations.get(c.address) ?? null, views.value.get(c.address) ?? null, {
      account: unit.collective.account,
      payeeSet: payeeSet.has(c.address),
      native,
    });
    if (!why) continue;
    const breach: Breach = { address: c.address, ...why, block: block ?? views.at, at: now };
    await unit.endContribution(c.address, 'breached', why.detail, now);
    await unit.addBreach(breach);
    // Rewards paid to the collective for a stash that no longer counts go back to it; better to
    // point them home again where the stash still delegates (the batch re-checks on chain first).
    if (c.previousPayee && why.kind === 'unbonded')
      await unit.queuePayeeChange({ stash: c.address, kind: 'restore', payee: c.previousPayee, at: now });
    breaches.push(breach);
  }
  if (breaches.length > 0) await refreshStatus({ registries: deps.registries }, unit, now);
  return breaches;
}

/** The breach of one counting contribution, or null (pure: the rule itself). */
export function breachOf(
  c: Pick<Contributor, 'bonds'>,
  delegation: string | null,
  view: StakeView | null,
  ctx: { account: Address | null; payeeSet: boolean; native: string | null },
): Pick<Breach, 'kind' | 'detail'> | null {
  if (delegation !== 'active')
    return delegation === 'revoked'
      ? { kind: 'proxy_removed', detail: "the stash removed the operator's Staking proxy" }
      : { kind: 'left_ndest', detail: `the stash's NDeST delegation is ${delegation ?? 'gone'}` };
  if (view && !view.operatorProxy)
    return { kind: 'proxy_removed', detail: "the stash removed the operator's Staking proxy" };
  const committed: Planck = c.bonds.filter((b) => b.denom === ctx.native).reduce((s, b) => s + b.amount, 0n);
  const active = view?.active ?? 0n;
  if (view && active < committed)
    return {
      kind: 'unbonded',
      detail: `the stash's active bond ${active} planck is below its commitment ${committed}`,
    };
  if (view && ctx.payeeSet && ctx.account) {
    const p = view.payee;
    if (!p || p.kind !== 'Account' || p.account !== ctx.account)
      return {
        kind: 'payee_changed',
        detail: `the stash's reward destination is ${p ? (p.kind === 'Account' ? p.account : p.kind) : 'none'}, not the collective's account`,
      };
  }
  return null;
}
