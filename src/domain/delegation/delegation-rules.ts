import { conflict, notFound } from '../errors.js';
import type { StakingLimits, StashView } from '../ports/chain-reading.js';
import type { Address } from '../shared/types.js';
import type { Delegation, StatusChange } from './types.js';

/** Proxy types through which the operator may nominate for a stash. */
export const NOMINATING_PROXY_TYPES = ['Staking', 'Any'];

export function assertCanOptIn(current: Delegation | null): void {
  if (current && (current.status === 'pending' || current.status === 'active'))
    throw conflict('DELEGATION_EXISTS', `${current.stash} is already opted in (status ${current.status})`, {
      status: current.status,
    });
}

export function assertCanOptOut(current: Delegation | null, stash: Address): Delegation {
  if (!current) throw notFound('DELEGATION_NOT_FOUND', `no delegation for ${stash}`);
  if (current.status !== 'pending' && current.status !== 'active')
    throw conflict('NOT_DELEGATING', `${stash} is not opted in (status ${current.status})`, { status: current.status });
  return current;
}

export function hasOperatorProxy(view: StashView, operator: Address): boolean {
  return view.proxies.some(
    (p) => p.delegate === operator && p.delay === 0 && NOMINATING_PROXY_TYPES.includes(p.proxyType),
  );
}

const sameSet = (a: Address[], b: Address[]) => a.length === b.length && a.every((x) => b.includes(x));

const formatPlanck = (v: bigint) => v.toString();

/**
 * What the chain shows decides a watched delegation's status: the service never trusts
 * a request alone. Returns null when nothing changes.
 */
export function observeDelegation(input: {
  delegation: Delegation;
  view: StashView;
  limits: StakingLimits;
  operator: Address;
  inFlightTargets: Address[] | null;
  /**
   * The stash's nominations in the state where the service signed the nomination now in flight
   * (undefined: not read). A change since, to anything but what the service sent, is the user's own.
   */
  nominationsWhenSigned?: Address[] | null;
}): StatusChange | null {
  const { delegation, view, limits, operator } = input;
  const proxyOk = hasOperatorProxy(view, operator);
  const active = view.ledger?.active ?? 0n;
  const bondOk = view.ledger !== null && active >= limits.minNominatorBond;

  if (delegation.status === 'pending') {
    if (proxyOk && bondOk) return { to: 'active', reason: 'Staking proxy and bond confirmed on chain' };
    return null;
  }
  if (delegation.status !== 'active') return null;

  if (!proxyOk) return { to: 'revoked', reason: 'the Staking proxy to the operator was removed on chain' };
  // What the chain shows if the user did nothing: the targets the service set, or, before its first
  // nomination lands, what the stash nominated when the service signed it (the user's own from
  // before opting in). Without either, a nomination cannot be told to be the user's.
  const expected =
    delegation.targets.length > 0
      ? delegation.targets
      : input.inFlightTargets !== null && input.nominationsWhenSigned !== undefined
        ? (input.nominationsWhenSigned ?? [])
        : null;
  if (expected !== null) {
    const onChain = view.nominations?.targets ?? [];
    const matchesInFlight = input.inFlightTargets !== null && sameSet(onChain, input.inFlightTargets);
    if (!sameSet(onChain, expected) && !matchesInFlight)
      return onChain.length === 0
        ? { to: 'manual', reason: 'the stash stopped nominating (chill) outside the service' }
        : { to: 'manual', reason: `the stash nominated other targets outside the service: ${onChain.join(', ')}` };
  }
  if (!bondOk)
    return {
      to: 'pending',
      reason:
        view.ledger === null
          ? 'the stash is no longer bonded'
          : `bond ${formatPlanck(active)} is below minNominatorBond ${formatPlanck(limits.minNominatorBond)}`,
    };
  return null;
}
