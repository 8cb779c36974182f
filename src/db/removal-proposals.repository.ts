import { automaticRemoval } from '../domain/collectives/collective-governance.js';
import type { RemovalProposals } from '../domain/collectives/removal-proposals.js';
import { conflict, notFound } from '../domain/errors.js';
import type { Address } from '../domain/shared/types.js';
import type { NonceUse } from '../domain/wallet/authorize.js';
import { consumeNonce } from './consume-nonce.js';
import type { Prisma, PrismaClient } from './generated/client.js';

/**
 * The automatic removal proposals (DESIGN §2): a Proposal row of scope collective, kind remove,
 * stored `passed` at once with the collective's voting settings, so the governance tick enacts it
 * after the enactment delay. One at a time per collective: while one is voting or passed, its id
 * is returned instead; a removed collective gets none (409 COLLECTIVE_REMOVED). Called outside
 * the collective's own change (which locks the same row).
 */
export class PrismaRemovalProposals implements RemovalProposals {
  constructor(private readonly db: PrismaClient) {}

  async raise(input: { collective: string; proposer: Address; reason: string; at: Date }, nonce: NonceUse) {
    return this.db.$transaction(async (tx) => {
      await consumeNonce(tx, nonce);
      // The collective's row lock orders two raises of one collective: the second sees the first's proposal.
      const locked = await tx.$queryRaw<{ removedAt: Date | null }[]>`
        SELECT "removedAt" FROM "StakingCollective" WHERE "name" = ${input.collective} FOR UPDATE`;
      if (locked.length === 0)
        throw notFound('COLLECTIVE_NOT_FOUND', `no staking collective named ${input.collective}`);
      if (locked[0]!.removedAt !== null)
        throw conflict('COLLECTIVE_REMOVED', `the collective ${input.collective} was removed already`);
      const open = await tx.proposal.findFirst({
        where: { scope: 'collective', subject: input.collective, kind: 'remove', status: { in: ['voting', 'passed'] } },
        orderBy: { id: 'asc' },
        select: { id: true },
      });
      if (open) return open.id.toString();
      const collective = await tx.stakingCollective.findUniqueOrThrow({
        where: { name: input.collective },
        select: { name: true, voteQuorum: true, votePeriod: true, voteEnactment: true },
      });
      const p = automaticRemoval(collective, input.proposer, input.reason, input.at);
      const row = await tx.proposal.create({
        data: {
          scope: p.scope,
          subject: p.subject,
          kind: p.kind,
          body: p.body as Prisma.InputJsonObject,
          proposer: p.proposer,
          status: p.status,
          reason: p.reason,
          quorum: p.quorum,
          votePeriod: p.votePeriod,
          voteEnactment: p.voteEnactment,
          createdAt: p.createdAt,
          votingEndsAt: p.votingEndsAt,
          decidedAt: p.decidedAt,
          enactAt: p.enactAt,
          eligible: p.eligible,
        },
        select: { id: true },
      });
      return row.id.toString();
    });
  }
}
