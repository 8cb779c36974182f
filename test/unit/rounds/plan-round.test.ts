import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CandidateEvaluation } from '../../../src/domain/candidates/types.js';
import type { Delegation } from '../../../src/domain/delegation/types.js';
import { planRound, type PlanInput } from '../../../src/domain/rounds/plan-round.js';
import { replayRound } from '../../../src/domain/rounds/replay-round.js';

const evaluation = (stash: string, over: Partial<CandidateEvaluation> = {}): CandidateEvaluation => ({
  stash,
  name: stash,
  eligible: true,
  reason: null,
  detail: null,
  validating: true,
  commission: 0,
  blocked: false,
  elected: false,
  programmeValid: true,
  ...over,
});

const delegation = (stash: string, over: Partial<Delegation> = {}): Delegation => ({
  id: `id-${stash}`,
  stash,
  status: 'active',
  statusReason: '',
  statusSince: new Date(0),
  targets: [],
  drawnInEra: null,
  nominatedAt: null,
  createdAt: new Date(0),
  ...over,
});

const pool = Array.from({ length: 10 }, (_, i) => evaluation(`V${i}`));
const elected = evaluation('E1', { eligible: false, reason: 'ACTIVE', elected: true });
const SEED = `0x${'ab'.repeat(32)}`;

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  delegations: [delegation('S1'), delegation('S2')],
  evaluations: [...pool, elected],
  activeEra: 10,
  seed: SEED,
  targetsPerDelegator: 4,
  rotationEras: 28,
  ...over,
});

describe('planRound', () => {
  it('draws 4 distinct eligible inactive targets for each new delegator', () => {
    const result = planRound(input());
    expect(result.kind).toBe('plan');
    if (result.kind !== 'plan') return;
    for (const s of result.selections) {
      expect(s.reason).toBe('new');
      expect(new Set(s.targets).size).toBe(4);
      for (const t of s.targets) expect(pool.map((p) => p.stash)).toContain(t);
    }
    expect(result.note).toBeNull();
  });

  it('keeps an elected target and draws the rest when another target became invalid', () => {
    const blocked = evaluation('B1', { eligible: false, reason: 'BLOCKED', blocked: true });
    const d = delegation('S1', { targets: ['E1', 'B1', 'V0', 'V1'], drawnInEra: 9 });
    const result = planRound(input({ delegations: [d], evaluations: [...pool, elected, blocked] }));
    if (result.kind !== 'plan') throw new Error(result.note);
    const [s] = result.selections;
    expect(s!.reason).toBe('target_invalid');
    expect(s!.keptTargets).toEqual(['E1']);
    expect(s!.targets).toHaveLength(4);
    expect(s!.targets).not.toContain('B1');
  });

  it('does nothing for delegators whose targets are all still good', () => {
    const d = delegation('S1', { targets: ['V0', 'V1', 'V2', 'V3'], drawnInEra: 9 });
    expect(planRound(input({ delegations: [d] })).kind).toBe('nothing_to_do');
  });

  it('draws anew once the rotation period passed, releasing elected targets', () => {
    const d = delegation('S1', { targets: ['E1', 'V1', 'V2', 'V3'], drawnInEra: 1 });
    const result = planRound(input({ delegations: [d], activeEra: 29 }));
    if (result.kind !== 'plan') throw new Error('expected a plan');
    expect(result.selections[0]!.reason).toBe('rotation');
    expect(result.selections[0]!.keptTargets).toEqual([]);
  });

  it('nominates all there are, with a note, when fewer than 4 are eligible', () => {
    const result = planRound(input({ evaluations: pool.slice(0, 3) }));
    if (result.kind !== 'plan') throw new Error('expected a plan');
    expect(result.selections.every((s) => s.targets.length === 3)).toBe(true);
    expect(result.note).toMatch(/only 3 eligible/);
  });

  it('skips the round with the reason when nothing is eligible', () => {
    const result = planRound(input({ evaluations: [elected] }));
    expect(result).toMatchObject({ kind: 'no_candidates' });
    expect((result as { note: string }).note).toMatch(/no eligible inactive candidate/);
  });

  it('gives every delegator the same draw whatever the order, and replays from the seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 1, max: 30 }), (bytes, n) => {
        const seed = `0x${Buffer.from(bytes).toString('hex')}`;
        const delegations = Array.from({ length: n }, (_, i) => delegation(`S${i}`));
        const a = planRound(input({ seed, delegations }));
        const b = planRound(input({ seed, delegations: [...delegations].reverse() }));
        if (a.kind !== 'plan' || b.kind !== 'plan') return false;
        const byStash = new Map(b.selections.map((s) => [s.stash, s.targets.join()]));
        const replay = replayRound({
          seed,
          targetsPerDelegator: 4,
          evaluations: input().evaluations,
          selections: a.selections,
        });
        return a.selections.every((s) => byStash.get(s.stash) === s.targets.join()) && replay.matches;
      }),
      { numRuns: 50 },
    );
  });

  it('detects a selection that does not come from the seed', () => {
    const result = planRound(input());
    if (result.kind !== 'plan') throw new Error('expected a plan');
    const tampered = result.selections.map((s, i) =>
      i === 0 ? { ...s, drawnTargets: [...s.drawnTargets].reverse() } : s,
    );
    const replay = replayRound({
      seed: SEED,
      targetsPerDelegator: 4,
      evaluations: input().evaluations,
      selections: tampered,
    });
    expect(replay.matches).toBe(false);
    expect(replay.selections[1]!.matches).toBe(true);
  });
});
