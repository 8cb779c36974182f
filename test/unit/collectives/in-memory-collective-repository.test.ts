import type { Transaction } from '../../../src/domain/governance/proposal.repository.js';
import { collectiveRepositoryContract } from '../../support/collective-repository.contract.js';
import { InMemoryCollectiveRepository } from '../../support/in-memory-collectives.js';
import { InMemoryTransaction } from '../../support/in-memory-governance.js';

const repo = new InMemoryCollectiveRepository(
  undefined,
  new Map([
    ['KSM', null],
    ['USDT', 1984],
  ]),
);

collectiveRepositoryContract('in memory', async () => ({
  repo,
  createRoles: async () => undefined,
  setAccount: async (name, account, endowment) => repo.setAccount(name, account, endowment),
  setTransferStatus: async (name, status) => repo.setTransferStatus(name, status),
  addEndowTransfer: async (name, denom, amount) => repo.addEndowTransfer(name, denom, amount),
  allTransfers: async (name) =>
    repo
      .allTransfers(name)
      .map(({ kind, denom, amount, status, assetId }) => ({ kind, denom, amount, status, assetId })),
  payeeChanges: async (name) =>
    repo.payeeChanges(name).map(({ stash, kind, payee, status }) => ({ stash, kind, payee, status })),
  inTransaction: async (work) => {
    const tx = new InMemoryTransaction();
    const result = await work(tx as unknown as Transaction);
    tx.commit();
    return result;
  },
}));
