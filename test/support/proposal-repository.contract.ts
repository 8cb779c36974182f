/**
 * One contract for every ProposalRepository: the in-memory stand-in (test/unit) and PostgreSQL
 * (test/integration) pass the same tests, so that use-case tests on the stand-in say something
 * about production.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import type {
  Closing,
  NewProposal,
  ProposalRepository,
  Transaction,
} from '../../src/domain/governance/proposal.repository.js';
import type { Vote } from '../../src/domain/governance/types.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';

export interface ContractTarget {
  repo: ProposalRepository;
  /** Writes a marker through an enactment's transaction (as a subject's change would). */
  writeMarker(tx: Transaction, key: string): Promise<void>;
  hasMarker(key: string): Promise<boolean>;
}

const T0 = new Date('2030-06-01T00:00:00Z');
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

export function proposalRepositoryContract(label: string, target: () => ContractTarget): void {
  const tag = () => randomBytes(4).toString('hex');
  const nonce = (address: string, action: NonceUse['action'] = 'pool.propose'): NonceUse => ({
    address,
    nonce: `contract-${randomBytes(8).toString('hex')}`,
    action,
  });
  const draft = (subject: string, fields: Partial<NewProposal> = {}): NewProposal => ({
    scope: 'pool',
    subject,
    kind: 'pay',
    body: { kind: 'pay', payments: [{ address: 'alice', denom: 'KSM', amount: '10' }], nested: { a: [1, 'x', null] } },
    proposer: 'alice',
    quorum: '0.51',
    votePeriod: 60,
    voteEnactment: 30,
    createdAt: T0,
    votingEndsAt: after(60),
    ...fields,
  });
  const ballot = (voter: string, vote: Vote['vote'], seconds: number): Vote => ({
    voter,
    vote,
    votedAt: after(seconds),
  });
  const passing = (votes: Vote[]): Closing => ({
    status: 'passed',
    reason: `passed with ${votes.length} votes`,
    tally: { yes: votes.length, no: 0, abstain: 0 },
    eligible: ['alice', 'bob'],
    decidedAt: after(61),
    enactAt: after(90),
  });

  async function passedProposal(repo: ProposalRepository, subject: string) {
    const p = await repo.create(draft(subject), nonce('alice'));
    await repo.close(p.id, passing);
    return p;
  }

  describe(`ProposalRepository contract: ${label}`, () => {
    it('stores a proposal in voting and reads it back as made', async () => {
      const { repo } = target();
      const subject = `garden-${tag()}`;
      const p = await repo.create(draft(subject), nonce('alice'));
      expect(p).toMatchObject({
        ...draft(subject),
        status: 'voting',
        reason: null,
        decidedAt: null,
        enactAt: null,
        enactedAt: null,
        eligible: [],
        tally: { yes: 0, no: 0, abstain: 0 },
      });
      expect(await repo.get(p.id)).toEqual(p);
      for (const unknown of ['999999999', '0', 'abc', '-1', '1e3', '']) expect(await repo.get(unknown)).toBeNull();
    });

    it('refuses a replayed nonce with NONCE_REPLAYED, storing nothing', async () => {
      const { repo } = target();
      const subject = `garden-${tag()}`;
      const use = nonce('alice');
      await repo.create(draft(subject), use);
      expect(await codeOf(repo.create(draft(subject), use))).toBe('NONCE_REPLAYED');
      expect((await repo.list({ subject }, { limit: 10, after: null })).items).toHaveLength(1);
    });

    it("keeps each voter's last vote", async () => {
      const { repo } = target();
      const p = await repo.create(draft(`garden-${tag()}`), nonce('alice'));
      await repo.addVote(p.id, ballot('bob', 'yes', 1), nonce('bob', 'proposal.vote'));
      await repo.addVote(p.id, ballot('alice', 'abstain', 2), nonce('alice', 'proposal.vote'));
      await repo.addVote(p.id, ballot('bob', 'no', 3), nonce('bob', 'proposal.vote'));
      expect(await repo.votes(p.id)).toEqual([ballot('alice', 'abstain', 2), ballot('bob', 'no', 3)]);
      // While voting, the tally is the votes so far; lists show the same.
      expect((await repo.get(p.id))!.tally).toEqual({ yes: 0, no: 1, abstain: 1 });
      expect((await repo.list({ subject: p.subject }, { limit: 1, after: null })).items[0]!.tally).toEqual({
        yes: 0,
        no: 1,
        abstain: 1,
      });
    });

    it('refuses a vote at or after votingEndsAt with VOTING_CLOSED, leaving its nonce unspent', async () => {
      const { repo } = target();
      const p = await repo.create(draft(`garden-${tag()}`), nonce('alice'));
      const use = nonce('bob', 'proposal.vote');
      expect(await codeOf(repo.addVote(p.id, ballot('bob', 'yes', 60), use))).toBe('VOTING_CLOSED');
      expect(await repo.votes(p.id)).toEqual([]);
      expect(await codeOf(repo.addVote(p.id, ballot('bob', 'yes', 59), use))).toBe('ok');
    });

    it('refuses a replayed vote nonce with NONCE_REPLAYED, keeping the vote it made', async () => {
      const { repo } = target();
      const p = await repo.create(draft(`garden-${tag()}`), nonce('alice'));
      const use = nonce('bob', 'proposal.vote');
      await repo.addVote(p.id, ballot('bob', 'yes', 1), use);
      expect(await codeOf(repo.addVote(p.id, ballot('bob', 'no', 2), use))).toBe('NONCE_REPLAYED');
      expect(await repo.votes(p.id)).toEqual([ballot('bob', 'yes', 1)]);
    });

    it('lists newest first, by scope and subject, a page at a time', async () => {
      const { repo } = target();
      const subject = `garden-${tag()}`;
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await repo.create(draft(subject), nonce('alice')));
      await repo.create(draft(subject, { scope: 'collective' }), nonce('alice'));
      await repo.create(draft(`other-${tag()}`), nonce('alice'));
      const first = await repo.list({ scope: 'pool', subject }, { limit: 3, after: null });
      expect(first.items.map((p) => p.id)).toEqual([made[4]!.id, made[3]!.id, made[2]!.id]);
      const second = await repo.list({ scope: 'pool', subject }, { limit: 3, after: first.next });
      expect(second.items.map((p) => p.id)).toEqual([made[1]!.id, made[0]!.id]);
      expect(second.next).toBeNull();
      expect((await repo.list({ subject }, { limit: 10, after: null })).items).toHaveLength(6);
    });

    it('finds votes due to close and passed proposals due for enactment, by their times', async () => {
      const { repo } = target();
      const subject = `garden-${tag()}`;
      const p = await repo.create(draft(subject), nonce('alice'));
      const ids = (list: { id: string }[]) => list.map((x) => x.id);
      expect(ids(await repo.dueForClose(after(59), 1000))).not.toContain(p.id);
      expect(ids(await repo.dueForClose(after(60), 1000))).toContain(p.id);
      await repo.close(p.id, passing);
      expect(ids(await repo.dueForClose(after(60), 1000))).not.toContain(p.id);
      expect(ids(await repo.dueForEnactment(after(89), 1000))).not.toContain(p.id);
      expect(ids(await repo.dueForEnactment(after(90), 1000))).toContain(p.id);
    });

    it('closes once: the decision sees the votes and is written with them; a second close does nothing', async () => {
      const { repo } = target();
      const p = await repo.create(draft(`garden-${tag()}`), nonce('alice'));
      await repo.addVote(p.id, ballot('bob', 'yes', 1), nonce('bob', 'proposal.vote'));
      const closed = await repo.close(p.id, passing);
      expect(closed).toMatchObject({
        status: 'passed',
        reason: 'passed with 1 votes',
        tally: { yes: 1, no: 0, abstain: 0 },
        eligible: ['alice', 'bob'],
        decidedAt: after(61),
        enactAt: after(90),
      });
      expect(await repo.get(p.id)).toEqual(closed);
      let called = false;
      expect(await repo.close(p.id, (v) => ((called = true), passing(v)))).toBeNull();
      expect(called).toBe(false);
      expect(await codeOf(repo.addVote(p.id, ballot('alice', 'yes', 2), nonce('alice', 'proposal.vote')))).toBe(
        'VOTING_CLOSED',
      );
    });

    it("enacts once, with the subject's change in the same transaction", async () => {
      const t = target();
      const p = await passedProposal(t.repo, `garden-${tag()}`);
      const marker = `m${tag()}`;
      const enacted = await t.repo.enact(p.id, after(95), async (tx) => {
        await t.writeMarker(tx, marker);
        return 'paid 10 KSM to alice';
      });
      expect(enacted).toMatchObject({ status: 'enacted', reason: 'paid 10 KSM to alice', enactedAt: after(95) });
      expect(await t.hasMarker(marker)).toBe(true);
      let ran = false;
      expect(await t.repo.enact(p.id, after(96), async () => ((ran = true), 'again'))).toBeNull();
      expect(ran).toBe(false);
      expect(await t.repo.fail(p.id, after(96), 'too late')).toBeNull();
    });

    it('rolls the change back with the status when the enactment throws, and lets the proposal fail', async () => {
      const t = target();
      const p = await passedProposal(t.repo, `garden-${tag()}`);
      const marker = `m${tag()}`;
      const refusal = new DomainError('rule', 'REFUSED', 'refused now');
      const attempt = t.repo.enact(p.id, after(95), async (tx) => {
        await t.writeMarker(tx, marker);
        throw refusal;
      });
      await expect(attempt).rejects.toBe(refusal);
      expect(await t.hasMarker(marker)).toBe(false);
      expect((await t.repo.get(p.id))!.status).toBe('passed');
      expect(await t.repo.fail(p.id, after(95), 'refused now')).toMatchObject({
        status: 'failed',
        reason: 'refused now',
        enactedAt: after(95),
      });
      expect(await t.repo.fail(p.id, after(96), 'again')).toBeNull();
      expect(await t.repo.enact(p.id, after(96), async () => 'late')).toBeNull();
    });

    it('runs the enactment once when two enact the same proposal at once', async () => {
      const t = target();
      const p = await passedProposal(t.repo, `garden-${tag()}`);
      let runs = 0;
      const apply = async (tx: Transaction) => {
        runs += 1;
        await t.writeMarker(tx, `m${tag()}`);
        return 'done';
      };
      const results = await Promise.all([t.repo.enact(p.id, after(95), apply), t.repo.enact(p.id, after(95), apply)]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(runs).toBe(1);
    });
  });
}
