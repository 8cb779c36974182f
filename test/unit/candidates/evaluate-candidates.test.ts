import { describe, expect, it } from 'vitest';
import { eligibleInactive, evaluateCandidates } from '../../../src/domain/candidates/evaluate-candidates.js';
import type { CandidateEntry } from '../../../src/domain/candidates/types.js';
import type { ValidatorPrefs, ValidatorSetView } from '../../../src/domain/ports/chain-reading.js';

const CAP = 150_000_000; // 15%

const entry = (stash: string, programmeValid: boolean | null = true, details: string[] = []): CandidateEntry => ({
  stash,
  name: `name-${stash}`,
  programmeValid,
  programmeDetails: details,
});

function view(validators: Record<string, Partial<ValidatorPrefs>>, elected: string[] = []): ValidatorSetView {
  return {
    at: { hash: '0xabc', number: 100 },
    activeEra: 7000,
    validators: new Map(
      Object.entries(validators).map(([stash, prefs]) => [stash, { commission: 0, blocked: false, ...prefs }]),
    ),
    elected: new Set(elected),
  };
}

describe('evaluateCandidates', () => {
  it('reports every field and no reason for an eligible inactive candidate', () => {
    const [result] = evaluateCandidates([entry('A')], view({ A: { commission: CAP } }), CAP);
    expect(result).toEqual({
      stash: 'A',
      name: 'name-A',
      eligible: true,
      reason: null,
      detail: null,
      validating: true,
      commission: CAP,
      blocked: false,
      elected: false,
      programmeValid: true,
    });
  });

  it('treats a list without programme verdict (null) as not invalid', () => {
    expect(evaluateCandidates([entry('A', null)], view({ A: {} }), CAP)[0]?.eligible).toBe(true);
  });

  it('gives each reason with a readable detail', () => {
    const entries = [
      entry('P', false, ['P offline', 'P is not on the latest client version']),
      entry('Q', false),
      entry('N'),
      entry('B'),
      entry('C'),
      entry('E'),
    ];
    const chain = view({ P: {}, Q: {}, B: { blocked: true }, C: { commission: 200_000_000 }, E: {} }, ['E']);
    const results = evaluateCandidates(entries, chain, CAP);
    expect(results.map((r) => [r.stash, r.eligible, r.reason, r.detail])).toEqual([
      [
        'P',
        false,
        'PROGRAMME_INVALID',
        'the programme marks it invalid: P offline; P is not on the latest client version',
      ],
      ['Q', false, 'PROGRAMME_INVALID', 'the programme marks it invalid'],
      ['N', false, 'NOT_VALIDATING', 'not in staking.validators: it does not intend to validate'],
      ['B', false, 'BLOCKED', 'its validator preferences block new nominations'],
      ['C', false, 'COMMISSION_TOO_HIGH', 'commission 20% exceeds the cap of 15%'],
      ['E', false, 'ACTIVE', 'already elected in the active era 7000'],
    ]);
    expect(results.find((r) => r.stash === 'N')).toMatchObject({ validating: false, commission: null, blocked: null });
  });

  it('reports only the first reason, in precedence order', () => {
    const everything = view({ X: { blocked: true, commission: 999_999_999 } }, ['X']);
    const reasonFor = (programmeValid: boolean, chain: ValidatorSetView) =>
      evaluateCandidates([entry('X', programmeValid)], chain, CAP)[0]?.reason;
    expect(reasonFor(false, everything)).toBe('PROGRAMME_INVALID');
    expect(reasonFor(true, view({}, ['X']))).toBe('NOT_VALIDATING');
    expect(reasonFor(true, everything)).toBe('BLOCKED');
    expect(reasonFor(true, view({ X: { commission: 999_999_999 } }, ['X']))).toBe('COMMISSION_TOO_HIGH');
    expect(reasonFor(true, view({ X: {} }, ['X']))).toBe('ACTIVE');
  });

  it('allows commission exactly at the cap and refuses one part above', () => {
    const results = evaluateCandidates(
      [entry('A'), entry('B')],
      view({ A: { commission: CAP }, B: { commission: CAP + 1 } }),
      CAP,
    );
    expect(results.map((r) => r.reason)).toEqual([null, 'COMMISSION_TOO_HIGH']);
    expect(results[1]?.detail).toBe('commission 15.0000001% exceeds the cap of 15%');
  });

  it('keeps the order of the entries', () => {
    const results = evaluateCandidates([entry('Z'), entry('A'), entry('M')], view({ Z: {}, A: {}, M: {} }), CAP);
    expect(results.map((r) => r.stash)).toEqual(['Z', 'A', 'M']);
  });
});

describe('eligibleInactive', () => {
  it('lists only eligible stashes, sorted by string', () => {
    const chain = view({ b: {}, C: {}, a: {}, D: {} }, ['D']);
    const results = evaluateCandidates([entry('b'), entry('C'), entry('a'), entry('D'), entry('gone')], chain, CAP);
    expect(eligibleInactive(results)).toEqual(['C', 'a', 'b']);
  });
});
