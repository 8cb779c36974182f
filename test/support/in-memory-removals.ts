/**
 * The automatic removal proposals in memory, written into the in-memory proposals so that the
 * governance tick closes and enacts them as it would the PostgreSQL ones.
 */
import { automaticRemoval } from '../../src/domain/collectives/collective-governance.js';
import type { CollectiveRepository } from '../../src/domain/collectives/collective.repository.js';
import type { RemovalProposals } from '../../src/domain/collectives/removal-proposals.js';
import { conflict, notFound } from '../../src/domain/errors.js';
import type { Address } from '../../src/domain/shared/types.js';
import type { NonceUse } from '../../src/domain/wallet/authorize.js';
import type { InMemoryNonces, InMemoryProposalRepository } from './in-memory-governance.js';

export class InMemoryRemovalProposals implements RemovalProposals {
  /** Every call, for tests that check a refused withdrawal raised one. */
  readonly raised: { collective: string; proposer: Address; reason: string; id: string }[] = [];

  constructor(
    private readonly proposals: InMemoryProposalRepository,
    private readonly collectives: CollectiveRepository,
    private readonly nonces: InMemoryNonces,
  ) {}

  async raise(input: { collective: string; proposer: Address; reason: string; at: Date }, nonce: NonceUse) {
    const giveBack = this.nonces.spend(nonce);
    try {
      const collective = await this.collectives.byName(input.collective);
      if (!collective) throw notFound('COLLECTIVE_NOT_FOUND', `no staking collective named ${input.collective}`);
      if (collective.removedAt !== null)
        throw conflict('COLLECTIVE_REMOVED', `the collective ${input.collective} was removed already`);
      const open = (
        await this.proposals.list({ scope: 'collective', subject: input.collective }, { after: null, limit: 1000 })
      ).items.find((p) => p.kind === 'remove' && (p.status === 'voting' || p.status === 'passed'));
      const id =
        open?.id ?? this.proposals.insert(automaticRemoval(collective, input.proposer, input.reason, input.at)).id;
      this.raised.push({ collective: input.collective, proposer: input.proposer, reason: input.reason, id });
      return id;
    } catch (e) {
      giveBack();
      throw e;
    }
  }
}
