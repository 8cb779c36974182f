import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prismaTransaction } from '../../../src/db/governance-transaction.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaProposalRepository } from '../../../src/db/proposal.repository.js';
import { DomainError } from '../../../src/domain/errors.js';
import { closeAndEnact } from '../../../src/domain/governance/close-and-enact.use-case.js';
import type { GovernanceDeps } from '../../../src/domain/governance/governance-deps.js';
import { GovernedSubjectRegistry } from '../../../src/domain/governance/governed-subject.js';
import { propose } from '../../../src/domain/governance/propose.use-case.js';
import { vote } from '../../../src/domain/governance/vote.use-case.js';
import type { AuthorizedRequest } from '../../../src/domain/wallet/authorize.js';
import type { WalletAction } from '../../../src/domain/wallet/signed-request.js';
import { FakeSubjects, InMemoryRoleMembers, TestClock } from '../../support/in-memory-governance.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let pools: FakeSubjects;
let clock: TestClock;
let deps: GovernanceDeps;

beforeAll(async () => {
  db = await createTestDatabase('governance_tick');
  prisma = createPrismaClient(db.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

let subjectSeq = 0;
let subject: string;
beforeEach(async () => {
  // Every test starts where the last left nothing due: a fresh clock per test would see older proposals.
  await prisma.proposal.deleteMany({});
  pools = new FakeSubjects('pool');
  subject = `garden${++subjectSeq}`;
  pools.add(
    subject,
    { creator: 'carol', accounts: ['alice', 'bob'] },
    { quorum: '0.51', votePeriod: 60, voteEnactment: 30 },
  );
  // The subject's change: a row written through the enactment's transaction (a role named after the proposal).
  pools.enactWith = async (proposal, tx) => {
    await prismaTransaction(tx).role.create({ data: { name: `enacted-${proposal.id}` } });
    return `enacted ${proposal.kind}`;
  };
  clock = new TestClock(new Date('2031-01-01T00:00:00Z'));
  deps = {
    proposals: new PrismaProposalRepository(prisma),
    subjects: new GovernedSubjectRegistry().register(pools),
    roles: new InMemoryRoleMembers(),
    clock,
  };
});

let nonceSeq = 0;
function request(action: WalletAction, address: string, fields: Record<string, unknown>): AuthorizedRequest {
  const nonce = `tick-nonce-${Date.now()}-${++nonceSeq}`;
  return {
    action,
    address,
    nonce,
    expiresAt: new Date(clock.now().getTime() + 300_000),
    payload: { ...fields, address, nonce },
    nonceUse: { address, nonce, action },
  };
}

async function passedProposal() {
  const proposal = { kind: 'noop' };
  const p = await propose(deps, {
    scope: 'pool',
    subject,
    request: request('pool.propose', 'alice', { pool: subject, proposal }),
    proposal,
  });
  for (const owner of ['alice', 'bob'])
    await vote(deps, { id: p.id, request: request('proposal.vote', owner, { proposal: p.id, vote: 'yes' }) });
  clock.advance(60);
  const report = await closeAndEnact(deps, clock.now());
  expect(report.closed).toEqual([{ id: p.id, status: 'passed' }]);
  return p;
}

const enactedRows = (id: string) => prisma.role.count({ where: { name: `enacted-${id}` } });

describe('closeAndEnact on PostgreSQL', () => {
  it('enacts once when two ticks run at once', async () => {
    const p = await passedProposal();
    clock.advance(30);
    const reports = await Promise.all([closeAndEnact(deps, clock.now()), closeAndEnact(deps, clock.now())]);
    expect(reports.flatMap((r) => r.enacted)).toEqual([p.id]);
    expect(reports.flatMap((r) => r.deferred)).toEqual([]);
    expect(pools.enactCalls).toBe(1);
    expect(await enactedRows(p.id)).toBe(1);
    expect(await deps.proposals.get(p.id)).toMatchObject({ status: 'enacted', reason: 'enacted noop' });
  });

  it('closes once when two ticks run at once', async () => {
    const proposal = { kind: 'noop' };
    const p = await propose(deps, {
      scope: 'pool',
      subject,
      request: request('pool.propose', 'alice', { pool: subject, proposal }),
      proposal,
    });
    clock.advance(60);
    const reports = await Promise.all([closeAndEnact(deps, clock.now()), closeAndEnact(deps, clock.now())]);
    expect(reports.flatMap((r) => r.closed)).toEqual([{ id: p.id, status: 'rejected' }]);
  });

  it("fails a proposal the rules refuse, leaving none of the refused change's writes", async () => {
    const p = await passedProposal();
    pools.enactWith = async (proposal, tx) => {
      await prismaTransaction(tx).role.create({ data: { name: `enacted-${proposal.id}` } });
      throw new DomainError('rule', 'BALANCE_TOO_LOW', 'the pool holds too little now');
    };
    clock.advance(30);
    const report = await closeAndEnact(deps, clock.now());
    expect(report.failed).toEqual([{ id: p.id, reason: 'the pool holds too little now' }]);
    expect(await enactedRows(p.id)).toBe(0);
    expect(await deps.proposals.get(p.id)).toMatchObject({ status: 'failed', reason: 'the pool holds too little now' });
  });

  it('leaves a proposal passed, and nothing written, when the process fails mid-enactment; the next tick enacts it once', async () => {
    const p = await passedProposal();
    const enactNormally = pools.enactWith;
    pools.enactWith = async (proposal, tx) => {
      await prismaTransaction(tx).role.create({ data: { name: `enacted-${proposal.id}` } });
      throw new Error('connection lost');
    };
    clock.advance(30);
    expect((await closeAndEnact(deps, clock.now())).deferred).toEqual([{ id: p.id, error: 'connection lost' }]);
    expect(await enactedRows(p.id)).toBe(0);
    expect((await deps.proposals.get(p.id))!.status).toBe('passed');
    pools.enactWith = enactNormally;
    expect((await closeAndEnact(deps, clock.now())).enacted).toEqual([p.id]);
    expect(await enactedRows(p.id)).toBe(1);
  });
});
