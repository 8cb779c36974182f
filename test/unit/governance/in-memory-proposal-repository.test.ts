import { InMemoryProposalRepository, inMemoryTransaction } from '../../support/in-memory-governance.js';
import { proposalRepositoryContract } from '../../support/proposal-repository.contract.js';

const repo = new InMemoryProposalRepository();
const markers = new Set<string>();

proposalRepositoryContract('in memory', () => ({
  repo,
  writeMarker: async (tx, key) => inMemoryTransaction(tx).onCommit(() => markers.add(key)),
  hasMarker: async (key) => markers.has(key),
}));
