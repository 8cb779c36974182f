import { describe, expect, it } from 'vitest';
import type { StakeView } from '../../../src/domain/collectives/collective-chain.js';
import { breachOf } from '../../../src/domain/collectives/detect-breaches.use-case.js';

const ACCOUNT = 'collective-account';
const bonds = [{ denom: 'KSM', amount: 60n }];
const view = (over: Partial<StakeView> = {}): StakeView => ({
  stash: 'stash',
  active: 100n,
  payee: { kind: 'Account', account: ACCOUNT },
  operatorProxy: true,
  ...over,
});
const ctx = { account: ACCOUNT, payeeSet: true, native: 'KSM' };

describe('breachOf: when a counting contribution stops counting', () => {
  it('is kept while the stash delegates, holds the proxy, covers its commitment and pays the collective', () => {
    expect(breachOf({ bonds }, 'active', view(), ctx)).toBeNull();
    expect(breachOf({ bonds }, 'active', view({ active: 60n }), ctx)).toBeNull();
  });

  it('breaks when the stash left NDeST (opted out, nominated by hand) or revoked the proxy', () => {
    expect(breachOf({ bonds }, 'opted_out', view(), ctx)?.kind).toBe('left_ndest');
    expect(breachOf({ bonds }, 'manual', view(), ctx)?.kind).toBe('left_ndest');
    expect(breachOf({ bonds }, null, view(), ctx)?.kind).toBe('left_ndest');
    expect(breachOf({ bonds }, 'revoked', view(), ctx)?.kind).toBe('proxy_removed');
    expect(breachOf({ bonds }, 'active', view({ operatorProxy: false }), ctx)?.kind).toBe('proxy_removed');
  });

  it('breaks when the active bond falls below the commitment, or the stash is no longer bonded', () => {
    const low = breachOf({ bonds }, 'active', view({ active: 59n }), ctx);
    expect(low?.kind).toBe('unbonded');
    expect(low?.detail).toContain('59');
    expect(breachOf({ bonds }, 'active', view({ active: null, payee: null }), ctx)?.kind).toBe('unbonded');
  });

  it("breaks when the reward destination moved away from the collective's account, once the operator had set it", () => {
    const elsewhere = view({ payee: { kind: 'Account', account: 'someone-else' } });
    expect(breachOf({ bonds }, 'active', elsewhere, ctx)?.kind).toBe('payee_changed');
    expect(breachOf({ bonds }, 'active', view({ payee: { kind: 'Staked' } }), ctx)?.kind).toBe('payee_changed');
    // Not set yet (the change is still on its way): the old destination is no breach.
    expect(breachOf({ bonds }, 'active', view({ payee: { kind: 'Staked' } }), { ...ctx, payeeSet: false })).toBeNull();
  });

  it('counts only the native token against the ledger', () => {
    const mixed = [...bonds, { denom: 'OTHER', amount: 1_000n }];
    expect(breachOf({ bonds: mixed }, 'active', view({ active: 60n }), ctx)).toBeNull();
  });
});
