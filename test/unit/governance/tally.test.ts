import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuorum, quorumMet } from '../../../src/domain/governance/quorum.js';
import { decide, eligibleVoters, provisionalTally } from '../../../src/domain/governance/tally.js';
import type { Vote, VoteChoice } from '../../../src/domain/governance/types.js';

const at = new Date('2030-01-01T00:00:00Z');
const v = (voter: string, vote: VoteChoice): Vote => ({ voter, vote, votedAt: at });
const voters = (n: number) => Array.from({ length: n }, (_, i) => `voter-${String(i).padStart(3, '0')}`);

describe('eligibleVoters', () => {
  it('counts the creator, listed accounts and role members once each', () => {
    const eligible = eligibleVoters({ creator: 'carol', accounts: ['alice', 'bob', 'carol'], roles: ['council'] }, [
      'bob',
      'dave',
      'dave',
    ]);
    expect(eligible).toEqual(['alice', 'bob', 'carol', 'dave']);
  });
});

describe('parseQuorum', () => {
  it.each([
    ['0', 0n, 1n],
    ['1', 1n, 1n],
    ['0.51', 51n, 100n],
    ['0.5', 5n, 10n],
    ['1.000', 1000n, 1000n],
  ])('reads %s exactly', (text, numerator, denominator) => {
    expect(parseQuorum(text)).toEqual({ numerator, denominator });
  });

  it.each(['', '1.5', '2', '-0.5', '.5', '0.', '01', '0.5e1', ' 0.5', '0x1'])('refuses %j', (text) => {
    expect(parseQuorum(text)).toBeNull();
  });
});

describe('quorumMet', () => {
  it('is exact at the boundary: 51 of 100 meets 0.51, 50 of 100 does not', () => {
    const q = parseQuorum('0.51')!;
    expect(quorumMet(51, 100, q)).toBe(true);
    expect(quorumMet(50, 100, q)).toBe(false);
  });

  it('is exact where a float is not: 1 of 3 meets 0.333333333333333333 but not 0.3333333333333333334', () => {
    expect(quorumMet(1, 3, parseQuorum('0.333333333333333333')!)).toBe(true);
    expect(quorumMet(1, 3, parseQuorum('0.3333333333333333334')!)).toBe(false);
  });

  it('is never met with nobody eligible', () => {
    expect(quorumMet(0, 0, parseQuorum('0')!)).toBe(false);
  });

  it('agrees with rational comparison for any counts and quorum', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 1000 }), fc.nat(10_000), (voted, eligible, permyriad) => {
        const quorum = `${Math.floor(permyriad / 10_000)}.${String(permyriad % 10_000).padStart(4, '0')}`;
        const q = parseQuorum(quorum);
        fc.pre(q !== null);
        expect(quorumMet(voted, eligible, q!)).toBe(voted * 10_000 >= permyriad * eligible);
      }),
    );
  });
});

describe('decide', () => {
  it('passes with the quorum met and more yes than no', () => {
    const d = decide({
      eligible: voters(4),
      votes: [v('voter-000', 'yes'), v('voter-001', 'yes'), v('voter-002', 'no')],
      quorum: '0.5',
    });
    expect(d.status).toBe('passed');
    expect(d.tally).toEqual({ yes: 2, no: 1, abstain: 0 });
    expect(d.reason).toMatch(/^passed/);
  });

  it('rejects a tie', () => {
    const d = decide({ eligible: voters(2), votes: [v('voter-000', 'yes'), v('voter-001', 'no')], quorum: '0.5' });
    expect(d.status).toBe('rejected');
    expect(d.reason).toMatch(/do not outnumber/);
  });

  it('does not count abstentions towards the quorum', () => {
    const eligible = voters(4);
    const votes = [
      v('voter-000', 'yes'),
      v('voter-001', 'abstain'),
      v('voter-002', 'abstain'),
      v('voter-003', 'abstain'),
    ];
    const d = decide({ eligible, votes, quorum: '0.5' });
    expect(d.status).toBe('rejected');
    expect(d.reason).toMatch(/quorum 0.5 not met \(1 of 4/);
    expect(d.tally).toEqual({ yes: 1, no: 0, abstain: 3 });
  });

  it('ignores votes of addresses that are not eligible at the close', () => {
    const d = decide({
      eligible: ['alice', 'bob'],
      votes: [v('alice', 'yes'), v('mallory', 'no'), v('trent', 'no')],
      quorum: '0.5',
    });
    expect(d.status).toBe('passed');
    expect(d.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
    expect(d.eligible).toEqual(['alice', 'bob']);
  });

  it('counts a voter listed twice once', () => {
    const d = decide({
      eligible: ['alice', 'alice', 'bob', 'carol'],
      votes: [v('alice', 'yes'), v('bob', 'yes')],
      quorum: '0.6',
    });
    expect(d.eligible).toEqual(['alice', 'bob', 'carol']);
    expect(d.status).toBe('passed');
  });

  it('holds the boundary: 51 yes of 100 eligible pass at 0.51, 50 do not', () => {
    const eligible = voters(100);
    const yes = (n: number) => eligible.slice(0, n).map((a) => v(a, 'yes'));
    expect(decide({ eligible, votes: yes(51), quorum: '0.51' }).status).toBe('passed');
    expect(decide({ eligible, votes: yes(50), quorum: '0.51' }).status).toBe('rejected');
  });

  it('rejects with nobody eligible', () => {
    expect(decide({ eligible: [], votes: [v('alice', 'yes')], quorum: '0' }).reason).toBe(
      'rejected: no eligible voters',
    );
  });

  it('throws on a quorum that is not a decimal in [0, 1]', () => {
    expect(() => decide({ eligible: ['a'], votes: [], quorum: '1.5' })).toThrow(/quorum/);
  });

  it('passes exactly when yes > no and (yes + no) / eligible >= quorum, for any votes', () => {
    const choice = fc.constantFrom<VoteChoice | null>('yes', 'no', 'abstain', null);
    fc.assert(
      fc.property(fc.array(choice, { minLength: 1, maxLength: 40 }), fc.nat(100), (choices, percent) => {
        const eligible = voters(choices.length);
        const votes = choices.flatMap((c, i) => (c ? [v(eligible[i]!, c)] : []));
        const outsiders = [v('outsider-1', 'no'), v('outsider-2', 'no')];
        const quorum = percent === 100 ? '1' : `0.${String(percent).padStart(2, '0')}`;
        const d = decide({ eligible, votes: [...votes, ...outsiders], quorum });
        const yes = choices.filter((c) => c === 'yes').length;
        const no = choices.filter((c) => c === 'no').length;
        expect(d.tally).toEqual({ yes, no, abstain: choices.filter((c) => c === 'abstain').length });
        expect(d.status === 'passed').toBe(yes > no && (yes + no) * 100 >= percent * eligible.length);
      }),
    );
  });
});

describe('provisionalTally', () => {
  it('counts every voter once', () => {
    expect(provisionalTally([v('a', 'yes'), v('b', 'no'), v('c', 'abstain'), v('a', 'no')])).toEqual({
      yes: 1,
      no: 1,
      abstain: 1,
    });
  });
});
