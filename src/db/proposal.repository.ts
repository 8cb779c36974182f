import type {
  Closing,
  NewProposal,
  ProposalFilter,
  ProposalRepository,
  Transaction,
} from '../domain/governance/proposal.repository.js';
import type { Proposal, ProposalScope, ProposalStatus, Tally, Vote, VoteChoice } from '../domain/governance/types.js';
import { votingClosed } from '../domain/governance/vote.use-case.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type { NonceUse } from '../domain/wallet/authorize.js';
import { consumeNonce } from './consume-nonce.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { asTransaction } from './governance-transaction.js';
import { idCursor, pageOf } from './page-cursor.js';

type ProposalRow = Prisma.ProposalGetPayload<object>;
type VoteRow = Prisma.ProposalVoteGetPayload<object>;
type Tx = Prisma.TransactionClient;

/** An enactment may write much (a distribution's payout lines): more time than Prisma's 5 s default. */
const ENACT_TIMEOUT_MS = 60_000;

export class PrismaProposalRepository implements ProposalRepository {
  constructor(private readonly db: PrismaClient) {}

  async create(input: NewProposal, nonceUse: NonceUse): Promise<Proposal> {
    const row = await this.db.$transaction(async (tx) => {
      await consumeNonce(tx, nonceUse);
      return tx.proposal.create({
        data: {
          scope: input.scope,
          subject: input.subject,
          kind: input.kind,
          body: input.body as Prisma.InputJsonObject,
          proposer: input.proposer,
          status: 'voting',
          quorum: input.quorum,
          votePeriod: input.votePeriod,
          voteEnactment: input.voteEnactment,
          createdAt: input.createdAt,
          votingEndsAt: input.votingEndsAt,
          eligible: [],
        },
      });
    });
    return toProposal(row);
  }

  async addVote(id: string, vote: Vote, nonceUse: NonceUse): Promise<void> {
    const key = idOf(id);
    await this.db.$transaction(async (tx) => {
      await consumeNonce(tx, nonceUse);
      // The lock orders this vote with the close, which reads the votes under the same lock.
      const locked = key === null ? null : await lockProposal(tx, key);
      if (!locked || locked.status !== 'voting' || vote.votedAt >= locked.votingEndsAt) throw votingClosed(id);
      await tx.proposalVote.upsert({
        where: { proposalId_voter: { proposalId: key!, voter: vote.voter } },
        create: { proposalId: key!, voter: vote.voter, vote: vote.vote, votedAt: vote.votedAt },
        update: { vote: vote.vote, votedAt: vote.votedAt },
      });
    });
  }

  async get(id: string): Promise<Proposal | null> {
    const key = idOf(id);
    if (key === null) return null;
    const row = await this.db.proposal.findUnique({ where: { id: key } });
    return row ? ((await withTallies(this.db, [row]))[0] ?? null) : null;
  }

  async votes(id: string): Promise<Vote[]> {
    const key = idOf(id);
    if (key === null) return [];
    return votesOf(this.db, key);
  }

  async list(filter: ProposalFilter, page: PageRequest): Promise<Page<Proposal>> {
    const before = idCursor(page.after);
    const rows = await this.db.proposal.findMany({
      where: {
        ...(filter.scope !== undefined ? { scope: filter.scope } : {}),
        ...(filter.subject !== undefined ? { subject: filter.subject } : {}),
        ...(before !== null ? { id: { lt: before } } : {}),
      },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    const kept = pageOf(
      rows,
      page.limit,
      (r) => r,
      (r) => r.id.toString(),
    );
    return { items: await withTallies(this.db, kept.items), next: kept.next };
  }

  async dueForClose(now: Date, limit: number): Promise<Proposal[]> {
    const rows = await this.db.proposal.findMany({
      where: { status: 'voting', votingEndsAt: { lte: now } },
      orderBy: [{ votingEndsAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return withTallies(this.db, rows);
  }

  async dueForEnactment(now: Date, limit: number): Promise<Proposal[]> {
    const rows = await this.db.proposal.findMany({
      where: { status: 'passed', enactAt: { lte: now } },
      orderBy: [{ enactAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toProposal);
  }

  async close(id: string, decide: (votes: Vote[]) => Closing): Promise<Proposal | null> {
    const key = idOf(id);
    if (key === null) return null;
    const row = await this.db.$transaction(async (tx) => {
      const locked = await lockProposal(tx, key);
      if (locked?.status !== 'voting') return null;
      const closing = decide(await votesOf(tx, key));
      return tx.proposal.update({
        where: { id: key },
        data: {
          status: closing.status,
          reason: closing.reason,
          decidedAt: closing.decidedAt,
          enactAt: closing.enactAt,
          eligible: closing.eligible,
          yes: closing.tally.yes,
          no: closing.tally.no,
          abstain: closing.tally.abstain,
        },
      });
    });
    return row ? toProposal(row) : null;
  }

  async enact(id: string, at: Date, apply: (tx: Transaction) => Promise<string>): Promise<Proposal | null> {
    const key = idOf(id);
    if (key === null) return null;
    const row = await this.db.$transaction(
      async (tx) => {
        // A second worker waits here until the first commits, then finds the proposal enacted.
        const locked = await lockProposal(tx, key);
        if (locked?.status !== 'passed') return null;
        const reason = await apply(asTransaction(tx));
        return tx.proposal.update({ where: { id: key }, data: { status: 'enacted', reason, enactedAt: at } });
      },
      { timeout: ENACT_TIMEOUT_MS },
    );
    return row ? toProposal(row) : null;
  }

  async fail(id: string, at: Date, reason: string): Promise<Proposal | null> {
    const key = idOf(id);
    if (key === null) return null;
    const updated = await this.db.proposal.updateMany({
      where: { id: key, status: 'passed' },
      data: { status: 'failed', reason, enactedAt: at },
    });
    if (updated.count !== 1) return null;
    return this.get(id);
  }
}

/** Proposal ids are bigint autoincrements; anything else names no proposal. */
function idOf(id: string): bigint | null {
  return /^[1-9][0-9]{0,17}$/.test(id) ? BigInt(id) : null;
}

async function lockProposal(tx: Tx, id: bigint): Promise<{ status: string; votingEndsAt: Date } | null> {
  const rows = await tx.$queryRaw<{ status: string; votingEndsAt: Date }[]>`
    SELECT "status", "votingEndsAt" FROM "Proposal" WHERE "id" = ${id} FOR UPDATE`;
  return rows[0] ?? null;
}

async function votesOf(db: Pick<Tx, 'proposalVote'>, id: bigint): Promise<Vote[]> {
  const rows = await db.proposalVote.findMany({
    where: { proposalId: id },
    orderBy: [{ votedAt: 'asc' }, { voter: 'asc' }],
  });
  return rows.map(toVote);
}

/**
 * Proposals with their tallies: a closed one's as stored, a voting one's counted from its votes
 * so far (one row per voter), in one query for the lot.
 */
async function withTallies(db: Pick<Tx, 'proposalVote'>, rows: ProposalRow[]): Promise<Proposal[]> {
  const voting = rows.filter((r) => r.status === 'voting').map((r) => r.id);
  const counts =
    voting.length === 0
      ? []
      : await db.proposalVote.groupBy({
          by: ['proposalId', 'vote'],
          where: { proposalId: { in: voting } },
          _count: { _all: true },
        });
  const tallies = new Map<string, Tally>();
  for (const c of counts) {
    const tally = tallies.get(c.proposalId.toString()) ?? { yes: 0, no: 0, abstain: 0 };
    tally[c.vote as VoteChoice] += c._count._all;
    tallies.set(c.proposalId.toString(), tally);
  }
  return rows.map((row) => {
    const proposal = toProposal(row);
    return row.status === 'voting' ? { ...proposal, tally: tallies.get(proposal.id) ?? proposal.tally } : proposal;
  });
}

const toVote = (row: VoteRow): Vote => ({ voter: row.voter, vote: row.vote as VoteChoice, votedAt: row.votedAt });

function toProposal(row: ProposalRow): Proposal {
  return {
    id: row.id.toString(),
    scope: row.scope as ProposalScope,
    subject: row.subject,
    kind: row.kind,
    body: row.body as Record<string, unknown>,
    proposer: row.proposer,
    status: row.status as ProposalStatus,
    reason: row.reason,
    quorum: row.quorum,
    votePeriod: row.votePeriod,
    voteEnactment: row.voteEnactment,
    createdAt: row.createdAt,
    votingEndsAt: row.votingEndsAt,
    decidedAt: row.decidedAt,
    enactAt: row.enactAt,
    enactedAt: row.enactedAt,
    eligible: row.eligible,
    tally: { yes: row.yes, no: row.no, abstain: row.abstain },
  };
}
