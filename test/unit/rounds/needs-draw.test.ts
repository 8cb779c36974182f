import { describe, expect, it } from 'vitest';
import type { CandidateEvaluation, IneligibleReason } from '../../../src/domain/candidates/types.js';
import { decideDraw, type DrawInput } from '../../../src/domain/rounds/needs-draw.js';

function evaluation(stash: string, reason: IneligibleReason | null = null): CandidateEvaluation {
  return {
    stash,
    name: null,
    eligible: reason === null,
    reason,
    detail: reason === null ? null : `because ${reason}`,
    validating: reason !== 'NOT_VALIDATING',
    commission: 0,
    blocked: reason === 'BLOCKED',
    elected: reason === 'ACTIVE',
    programmeValid: reason !== 'PROGRAMME_INVALID',
  };
}

const snapshot = (...evaluations: CandidateEvaluation[]) => new Map(evaluations.map((e) => [e.stash, e]));
const pool = ['A', 'B', 'C', 'D', 'E', 'F'].map((stash) => evaluation(stash));

function input(overrides: Partial<DrawInput>): DrawInput {
  return {
    targets: ['A', 'B', 'C', 'D'],
    drawnInEra: 100,
    activeEra: 103,
    rotationEras: 4,
    targetsPerDelegator: 4,
    evaluations: snapshot(...pool),
    eligiblePoolSize: pool.length,
    ...overrides,
  };
}

describe('decideDraw', () => {
  it('draws for a delegator without targets', () => {
    expect(decideDraw(input({ targets: [], drawnInEra: null }))).toEqual({
      needs: true,
      reason: 'new',
      detail: 'no targets set by the service yet',
      kept: [],
      invalidTargets: [],
    });
    // Targets without a recorded draw era cannot be rotated: treated as never drawn.
    expect(decideDraw(input({ drawnInEra: null }))).toMatchObject({ needs: true, reason: 'new', kept: [] });
  });

  it('redraws everything once the rotation period has passed, elected targets included', () => {
    const evaluations = snapshot(evaluation('A', 'ACTIVE'), evaluation('B', 'BLOCKED'), ...pool.slice(2));
    expect(decideDraw(input({ activeEra: 104, evaluations }))).toEqual({
      needs: true,
      reason: 'rotation',
      detail: 'targets drawn in era 100, 4 eras ago (rotation every 4)',
      kept: [],
      invalidTargets: [],
    });
    expect(decideDraw(input({ activeEra: 110 }))).toMatchObject({ reason: 'rotation' });
  });

  it('needs nothing while the targets are valid and the rotation period runs', () => {
    expect(decideDraw(input({ activeEra: 103 }))).toEqual({ needs: false });
    expect(decideDraw(input({ activeEra: 100 }))).toEqual({ needs: false });
  });

  it('keeps elected targets until rotation: they are not a reason to redraw', () => {
    const evaluations = snapshot(evaluation('A', 'ACTIVE'), evaluation('B', 'ACTIVE'), ...pool.slice(2));
    expect(decideDraw(input({ evaluations }))).toEqual({ needs: false });
  });

  it.each<IneligibleReason>(['PROGRAMME_INVALID', 'NOT_VALIDATING', 'BLOCKED', 'COMMISSION_TOO_HIGH'])(
    'redraws when a target becomes %s, keeping only elected targets',
    (reason) => {
      const evaluations = snapshot(evaluation('A', 'ACTIVE'), evaluation('B', reason), ...pool.slice(2));
      expect(decideDraw(input({ evaluations }))).toEqual({
        needs: true,
        reason: 'target_invalid',
        detail: `B ${reason}: because ${reason}`,
        kept: ['A'],
        invalidTargets: [{ stash: 'B', problem: reason, detail: `because ${reason}` }],
      });
    },
  );

  it('redraws when a target left the programme, naming every invalid target', () => {
    const evaluations = snapshot(evaluation('B', 'BLOCKED'), ...pool.slice(2));
    const decision = decideDraw(input({ evaluations }));
    expect(decision).toEqual({
      needs: true,
      reason: 'target_invalid',
      detail: 'A LEFT_PROGRAMME: no longer listed by the candidate source; B BLOCKED: because BLOCKED',
      kept: [],
      invalidTargets: [
        { stash: 'A', problem: 'LEFT_PROGRAMME', detail: 'no longer listed by the candidate source' },
        { stash: 'B', problem: 'BLOCKED', detail: 'because BLOCKED' },
      ],
    });
  });

  it('checks rotation before invalid targets', () => {
    const evaluations = snapshot(evaluation('B', 'BLOCKED'), ...pool.slice(2));
    expect(decideDraw(input({ evaluations, activeEra: 104 }))).toMatchObject({ reason: 'rotation' });
  });

  it('tops up an incomplete nomination when the pool has untargeted candidates, keeping all targets', () => {
    const evaluations = snapshot(evaluation('A', 'ACTIVE'), ...pool.slice(1));
    expect(decideDraw(input({ targets: ['A', 'B'], evaluations, eligiblePoolSize: 5 }))).toEqual({
      needs: true,
      reason: 'incomplete',
      detail: '2 of 4 targets; the pool has 4 more',
      kept: ['A', 'B'],
      invalidTargets: [],
    });
  });

  it('leaves an incomplete nomination alone when the pool has nothing else to offer', () => {
    // B and C are the whole pool and already targeted; A is elected, not in the pool.
    const evaluations = snapshot(evaluation('A', 'ACTIVE'), evaluation('B'), evaluation('C'));
    expect(decideDraw(input({ targets: ['A', 'B', 'C'], evaluations, eligiblePoolSize: 2 }))).toEqual({
      needs: false,
    });
    expect(decideDraw(input({ targets: ['A', 'B', 'C'], evaluations, eligiblePoolSize: 3 }))).toMatchObject({
      reason: 'incomplete',
    });
  });
});
