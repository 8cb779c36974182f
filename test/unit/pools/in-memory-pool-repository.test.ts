import { InMemoryPoolRepository, FakePoolRegistries } from '../../support/in-memory-pools.js';
import { poolRepositoryContract } from '../../support/pool-repository.contract.js';

const registries = new FakePoolRegistries();
const repo = new InMemoryPoolRepository(undefined, registries);

poolRepositoryContract('in memory', async () => ({
  repo,
  createRole: async (name) => void registries.role(name),
  setAccount: async (pool, account) => repo.setAccount(pool, account),
  payOwed: async (pool) => repo.settle(pool, repo.send(pool), { ok: true }),
}));
