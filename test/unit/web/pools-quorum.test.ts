import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/governance/tally.js';
import { quorumProgress } from '../../../web/src/pages/proposals/quorum-progress.js';

const closed = (quorum: string, yes: number, no: number, abstain: number, eligible: number) => ({
  quorum,
  tally: { yes, no, abstain },
  eligible: Array.from({ length: eligible }, (_, i) => `owner-${i}`),
  status: 'rejected' as const,
});

describe("a proposal's quorum, needed against reached", () => {
  it('needs ceil(quorum × eligible) yes-or-no votes, exactly as the close decides', () => {
    for (const [quorum, eligible] of [
      ['0.51', 100],
      ['0.5', 4],
      ['1', 3],
      ['0.333333333333333333', 3],
      ['0.01', 7],
    ] as const) {
      const n = Number(eligible);
      for (let voted = 0; voted <= n; voted++) {
        const q = quorumProgress(closed(quorum, voted, 0, 0, n));
        const votes = Array.from({ length: voted }, (_, i) => ({
          voter: `owner-${i}`,
          vote: 'yes' as const,
          votedAt: new Date(0),
        }));
        const decision = decide({ eligible: closed(quorum, 0, 0, 0, n).eligible, votes, quorum });
        expect(q.met, `${quorum} ${voted}/${n}`).toBe(
          decision.status === 'passed' || !decision.reason.includes('quorum'),
        );
        expect(q.eligible).toBe(n);
      }
    }
    expect(quorumProgress(closed('0.51', 51, 0, 0, 100)).needed).toBe(51);
    expect(quorumProgress(closed('0.51', 0, 0, 0, 3)).needed).toBe(2);
  });

  it('abstentions do not count; while voting the owners of now stand in for the eligible', () => {
    const voting = { ...closed('0.51', 1, 0, 2, 0), status: 'voting' as const };
    expect(quorumProgress(voting)).toEqual({ voted: 1, eligible: null, needed: null, met: null, provisional: true });
    expect(quorumProgress(voting, 3)).toEqual({ voted: 1, eligible: 3, needed: 2, met: false, provisional: true });
    expect(quorumProgress(voting, 1)).toMatchObject({ needed: 1, met: true });
  });
});
