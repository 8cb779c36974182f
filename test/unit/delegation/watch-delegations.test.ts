import { describe, expect, it } from 'vitest';
import type { DelegationRepository, TransitionInput } from '../../../src/domain/delegation/delegation.repository.js';
import type { Delegation } from '../../../src/domain/delegation/types.js';
import { watchDelegations } from '../../../src/domain/delegation/watch-delegations.use-case.js';
import type { StashView } from '../../../src/domain/ports/chain-reading.js';

const OPERATOR = 'OP';
const base: Delegation = {
  id: 'd',
  stash: 'S',
  status: 'active',
  statusReason: '',
  statusSince: new Date(0),
  targets: ['A', 'B'],
  drawnInEra: 1,
  nominatedAt: null,
  createdAt: new Date(0),
};
const view = (targets: string[]): StashView => ({
  stash: 'S',
  ledger: { total: 100n, active: 100n },
  proxies: [{ delegate: OPERATOR, proxyType: 'Staking', delay: 0 }],
  nominations: { targets, submittedIn: 2 },
});

/** A repository whose reads can change between calls, as a concurrent round makes them. */
function repository(reads: { listed: Delegation; fresh: Delegation; inFlight: string[][] }) {
  const transitions: TransitionInput[] = [];
  let inFlightCall = 0;
  const repo: DelegationRepository = {
    findByStash: async () => reads.fresh,
    listByStatus: async () => [reads.listed],
    pageByStatus: async (_statuses, after) => (after === null ? [reads.listed] : []),
    findByStashes: async () => [reads.listed],
    statusesOf: async () => new Map([[reads.fresh.stash, reads.fresh.status]]),
    history: async () => [],
    transition: async (input) => {
      transitions.push(input);
      return { ...reads.fresh, status: input.to };
    },
    inFlightTargets: async () => {
      const targets = reads.inFlight[Math.min(inFlightCall++, reads.inFlight.length - 1)]!;
      return new Map(targets.length ? [['S', targets]] : []);
    },
  };
  return { repo, transitions };
}

const deps = (repo: DelegationRepository, targets: string[]) => ({
  delegations: repo,
  chain: {
    stakingLimits: async () => ({
      minNominatorBond: 10n,
      minimumActiveStake: null,
      maxNominations: 24,
      existentialDeposit: 1n,
    }),
    stashViews: async () => ({ at: { hash: '0x', number: 7 }, views: new Map([['S', view(targets)]]) }),
  },
  operator: OPERATOR,
  clock: { now: () => new Date(1) },
});

describe('watchDelegations', () => {
  it('does not take a nomination recorded by a round while it looked for a manual one', async () => {
    // Listed before the round recorded C,D; nothing in flight any more when asked.
    const { repo, transitions } = repository({ listed: base, fresh: { ...base, targets: ['C', 'D'] }, inFlight: [[]] });
    const report = await watchDelegations(deps(repo, ['D', 'C']));
    expect(report.changes).toEqual([]);
    expect(transitions).toEqual([]);
  });

  it('records a real manual nomination with the block it was seen at', async () => {
    const { repo, transitions } = repository({ listed: base, fresh: base, inFlight: [[]] });
    const report = await watchDelegations(deps(repo, ['X']));
    expect(report.changes).toEqual([expect.objectContaining({ stash: 'S', from: 'active', to: 'manual' })]);
    expect(transitions[0]).toMatchObject({ to: 'manual', source: 'watcher', expectedFrom: 'active' });
    expect(transitions[0]!.reason).toMatch(/#7/);
  });

  it('does nothing in read-only mode', async () => {
    const { repo } = repository({ listed: base, fresh: base, inFlight: [[]] });
    expect((await watchDelegations({ ...deps(repo, ['X']), operator: null })).checked).toBe(0);
  });
});
