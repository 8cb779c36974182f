import { describe, expect, it } from 'vitest';
import { assertCanOptIn, assertCanOptOut, observeDelegation } from '../../../src/domain/delegation/delegation-rules.js';
import type { Delegation } from '../../../src/domain/delegation/types.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { StakingLimits, StashView } from '../../../src/domain/ports/chain-reading.js';

const OPERATOR = 'OPERATOR';
const limits: StakingLimits = {
  minNominatorBond: 10n,
  minimumActiveStake: 5n,
  maxNominations: 24,
  existentialDeposit: 1n,
};

const delegation = (over: Partial<Delegation> = {}): Delegation => ({
  id: 'd1',
  stash: 'STASH',
  status: 'active',
  statusReason: '',
  statusSince: new Date(0),
  targets: ['A', 'B', 'C', 'D'],
  drawnInEra: 1,
  nominatedAt: new Date(0),
  createdAt: new Date(0),
  ...over,
});

const view = (over: Partial<StashView> = {}): StashView => ({
  stash: 'STASH',
  ledger: { total: 100n, active: 100n },
  proxies: [{ delegate: OPERATOR, proxyType: 'Staking', delay: 0 }],
  nominations: { targets: ['D', 'C', 'B', 'A'], submittedIn: 1 },
  ...over,
});

const observe = (d: Delegation, v: StashView, inFlight: string[] | null = null) =>
  observeDelegation({ delegation: d, view: v, limits, operator: OPERATOR, inFlightTargets: inFlight });

describe('observeDelegation', () => {
  it('activates a pending delegation once the proxy and the bond are on chain', () => {
    expect(observe(delegation({ status: 'pending', targets: [] }), view({ nominations: null }))?.to).toBe('active');
  });

  it('keeps a pending delegation pending without the proxy, with a proxy of another type, a delay, or a small bond', () => {
    const pending = delegation({ status: 'pending', targets: [] });
    expect(observe(pending, view({ proxies: [] }))).toBeNull();
    expect(observe(pending, view({ proxies: [{ delegate: OPERATOR, proxyType: 'Governance', delay: 0 }] }))).toBeNull();
    expect(observe(pending, view({ proxies: [{ delegate: OPERATOR, proxyType: 'Staking', delay: 5 }] }))).toBeNull();
    expect(observe(pending, view({ proxies: [{ delegate: 'OTHER', proxyType: 'Staking', delay: 0 }] }))).toBeNull();
    expect(observe(pending, view({ ledger: { total: 9n, active: 9n } }))).toBeNull();
    expect(observe(pending, view({ ledger: null }))).toBeNull();
  });

  it('accepts an Any proxy', () => {
    const pending = delegation({ status: 'pending', targets: [] });
    expect(observe(pending, view({ proxies: [{ delegate: OPERATOR, proxyType: 'Any', delay: 0 }] }))?.to).toBe(
      'active',
    );
  });

  it('revokes an active delegation whose proxy is gone', () => {
    expect(observe(delegation(), view({ proxies: [] }))?.to).toBe('revoked');
  });

  it('marks manual when the user nominated other targets or chilled', () => {
    expect(observe(delegation(), view({ nominations: { targets: ['X'], submittedIn: 2 } }))).toMatchObject({
      to: 'manual',
    });
    expect(observe(delegation(), view({ nominations: null }))?.reason).toMatch(/chill/);
  });

  it('does not take the targets of a nomination in flight for manual ones', () => {
    const onChain = { targets: ['E', 'F', 'G', 'H'], submittedIn: 2 };
    expect(observe(delegation(), view({ nominations: onChain }), ['H', 'G', 'F', 'E'])).toBeNull();
    expect(observe(delegation(), view({ nominations: onChain }), ['E', 'F', 'G', 'X'])?.to).toBe('manual');
  });

  it('leaves an active delegation alone when the chain matches, whatever the order of targets', () => {
    expect(observe(delegation(), view())).toBeNull();
  });

  it('does not call a stash that was never nominated by the service manual', () => {
    expect(observe(delegation({ targets: [] }), view({ nominations: { targets: ['X'], submittedIn: 1 } }))).toBeNull();
  });

  it('calls a first-time delegator manual when its nominations changed after the service signed its first nomination', () => {
    const fresh = delegation({ targets: [], drawnInEra: null, nominatedAt: null });
    const sent = ['W', 'X', 'Y', 'Z'];
    const at = (nominationsWhenSigned: string[] | null, onChain: string[] | null) =>
      observeDelegation({
        delegation: fresh,
        view: view({ nominations: onChain && { targets: onChain, submittedIn: 2 } }),
        limits,
        operator: OPERATOR,
        inFlightTargets: sent,
        nominationsWhenSigned,
      });
    // The user's own nominations from before opting in, unchanged: not a sign of anything.
    expect(at(['P', 'Q'], ['P', 'Q'])).toBeNull();
    // What the service sent landed.
    expect(at(['P', 'Q'], sent)).toBeNull();
    // Changed by the user after the signature: hand nomination, or chill.
    expect(at(['P', 'Q'], ['R'])).toMatchObject({ to: 'manual' });
    expect(at(null, ['R'])).toMatchObject({ to: 'manual' });
    expect(at(['P', 'Q'], null)).toMatchObject({ to: 'manual', reason: expect.stringMatching(/chill/) });
    // Without the state at signing, nothing can be told apart: nothing changes.
    expect(observe(fresh, view({ nominations: { targets: ['R'], submittedIn: 2 } }), sent)).toBeNull();
  });

  it('moves back to pending when the bond fell below the minimum', () => {
    expect(observe(delegation(), view({ ledger: { total: 3n, active: 3n } }))).toMatchObject({ to: 'pending' });
  });

  it('never changes terminal states', () => {
    for (const status of ['opted_out', 'revoked', 'manual'] as const)
      expect(observe(delegation({ status }), view({ proxies: [] }))).toBeNull();
  });
});

describe('opt-in and opt-out rules', () => {
  it('refuses a second opt-in while pending or active, allows it after leaving', () => {
    expect(() => assertCanOptIn(delegation({ status: 'active' }))).toThrow(DomainError);
    expect(() => assertCanOptIn(delegation({ status: 'pending' }))).toThrow(/already opted in/);
    for (const status of ['opted_out', 'revoked', 'manual'] as const)
      expect(() => assertCanOptIn(delegation({ status }))).not.toThrow();
    expect(() => assertCanOptIn(null)).not.toThrow();
  });

  it('allows opt-out only from pending or active', () => {
    expect(() => assertCanOptOut(null, 'S')).toThrow(expect.objectContaining({ code: 'DELEGATION_NOT_FOUND' }));
    expect(() => assertCanOptOut(delegation({ status: 'manual' }), 'S')).toThrow(
      expect.objectContaining({ code: 'NOT_DELEGATING' }),
    );
    expect(assertCanOptOut(delegation({ status: 'pending' }), 'S').status).toBe('pending');
  });
});
