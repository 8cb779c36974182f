import { describe } from 'vitest';
import { inMemoryRegistry } from '../../support/in-memory-registry.js';
import { registryContract } from '../../support/registry-contract.js';

describe('in-memory registry repositories (the fakes route tests use)', () => {
  registryContract(async () => {
    const registry = inMemoryRegistry();
    return {
      ...registry,
      nameRoleInPool: async (role, pool, as) =>
        registry.roles.nameInPool(role, { kind: 'spending-pool', name: pool, as }),
    };
  });
});
