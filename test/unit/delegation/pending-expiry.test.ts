import { describe, expect, it } from 'vitest';
import type { DelegationRepository, TransitionInput } from '../../../src/domain/delegation/delegation.repository.js';
import {
  DEFAULT_PENDING_EXPIRY_MS,
  formatDuration,
  pendingExpiry,
} from '../../../src/domain/delegation/pending-expiry.js';
import type { Delegation } from '../../../src/domain/delegation/types.js';
import { watchDelegations } from '../../../src/domain/delegation/watch-delegations.use-case.js';
import type { StashView } from '../../../src/domain/ports/chain-reading.js';

const OPERATOR = 'OP';
const DAY = 86_400_000;
const NOW = new Date('2026-11-29T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const pending = (since: Date, over: Partial<Delegation> = {}): Delegation => ({
  id: 'd',
  stash: 'S',
  status: 'pending',
  statusReason: 'opted in',
  statusSince: since,
  targets: [],
  drawnInEra: null,
  nominatedAt: null,
  // The row is older than the pending spell: a stash that opts in again reuses its row.
  createdAt: daysAgo(400),
  ...over,
});
const noProxy: StashView = { stash: 'S', ledger: { total: 100n, active: 100n }, proxies: [], nominations: null };
const withProxy: StashView = { ...noProxy, proxies: [{ delegate: OPERATOR, proxyType: 'Staking', delay: 0 }] };

const expiry = (d: Delegation, view: StashView, expiryMs = DEFAULT_PENDING_EXPIRY_MS) =>
  pendingExpiry({ delegation: d, view, operator: OPERATOR, now: NOW, expiryMs });

describe('pendingExpiry', () => {
  it('expires a pending delegation whose proxy is still missing after 7 days, as a terminal opted_out', () => {
    expect(expiry(pending(daysAgo(7)), noProxy)).toEqual({
      to: 'opted_out',
      reason: 'expired: no Staking proxy to the operator within 7 days of opting in',
    });
    expect(expiry(pending(daysAgo(30)), noProxy)?.to).toBe('opted_out');
  });

  it('waits a full 7 days, counted from when it became pending, not from the row’s creation', () => {
    expect(expiry(pending(new Date(daysAgo(7).getTime() + 1)), noProxy)).toBeNull();
    expect(expiry(pending(daysAgo(1)), noProxy)).toBeNull();
  });

  it('keeps a pending delegation that has its proxy (waiting for its bond), and any other status', () => {
    expect(expiry(pending(daysAgo(30)), withProxy)).toBeNull();
    for (const status of ['active', 'opted_out', 'revoked', 'manual'] as const)
      expect(expiry(pending(daysAgo(30), { status }), noProxy)).toBeNull();
  });

  it('follows the configured time, and names it', () => {
    expect(expiry(pending(new Date(NOW.getTime() - 3_600_000)), noProxy, 3_600_000)?.reason).toBe(
      'expired: no Staking proxy to the operator within 1 hour of opting in',
    );
    expect(formatDuration(36 * 3_600_000)).toBe('36 hours');
    expect(formatDuration(90_000)).toBe('90 seconds');
    expect(formatDuration(1_500)).toBe('1500 ms');
  });
});

describe('watchDelegations expires pending delegations', () => {
  function run(listed: Delegation, view: StashView, pendingExpiryMs?: number) {
    const transitions: TransitionInput[] = [];
    const repo: DelegationRepository = {
      findByStash: async () => listed,
      listByStatus: async () => [listed],
      pageByStatus: async (_statuses, after) => (after === null ? [listed] : []),
      findByStashes: async () => [listed],
      statusesOf: async () => new Map([['S', listed.status]]),
      history: async () => [],
      transition: async (input) => {
        transitions.push(input);
        return { ...listed, status: input.to };
      },
      inFlightTargets: async () => new Map(),
    };
    const report = watchDelegations({
      delegations: repo,
      chain: {
        stakingLimits: async () => ({
          minNominatorBond: 10n,
          minimumActiveStake: null,
          maxNominations: 24,
          existentialDeposit: 1n,
        }),
        stashViews: async () => ({ at: { hash: '0x', number: 9 }, views: new Map([['S', view]]) }),
      },
      operator: OPERATOR,
      clock: { now: () => NOW },
      ...(pendingExpiryMs === undefined ? {} : { pendingExpiryMs }),
    });
    return { report, transitions };
  }

  it('writes the expiry guarded on the pending spell having begun before the cutoff', async () => {
    const { report, transitions } = run(pending(daysAgo(8)), noProxy);
    expect((await report).changes).toEqual([expect.objectContaining({ stash: 'S', from: 'pending', to: 'opted_out' })]);
    expect(transitions).toEqual([
      expect.objectContaining({
        expectedFrom: 'pending',
        to: 'opted_out',
        source: 'watcher',
        statusSinceAtMost: daysAgo(7),
      }),
    ]);
    expect(transitions[0]!.reason).toMatch(/^expired: .* \(block #9\)$/);
  });

  it('activates, never expires, a stale pending delegation whose proxy and bond are on chain', async () => {
    const { report, transitions } = run(pending(daysAgo(8)), withProxy);
    expect((await report).changes).toEqual([expect.objectContaining({ to: 'active' })]);
    expect(transitions[0]!.statusSinceAtMost).toBeUndefined();
  });

  it('uses the configured expiry time', async () => {
    expect((await run(pending(daysAgo(2)), noProxy).report).changes).toEqual([]);
    expect((await run(pending(daysAgo(2)), noProxy, DAY).report).changes).toHaveLength(1);
  });
});
