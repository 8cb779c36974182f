import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { validationError } from '../../domain/errors.js';
import type { PoolDeps } from '../../domain/pools/pool-deps.js';
import { Address } from '../schemas/common.schemas.js';

/**
 * What an account takes part in, under /v1/accounts (DESIGN §8 reads): the spending pools now, the
 * collectives next.
 */
export const accountsRoutes: FastifyPluginAsyncTypebox<{ deps: { pools: PoolDeps } }> = async (app, { deps }) => {
  const { pools } = deps;
  app.get(
    '/:address/spending-pools',
    {
      schema: {
        tags: ['spending-pools'],
        summary:
          'The pools where an account owns (listed, by role or as creator), benefits (by address or role) or is registered',
        params: Type.Object({ address: Address }),
        response: { 200: Type.Object({ address: Type.String(), spendingPools: Type.Array(Type.String()) }) },
      },
    },
    async (req) => {
      const address = pools.codec.normalize(req.params.address);
      if (!address)
        throw validationError('ADDRESS_INVALID', 'not a valid address of this network', { field: 'address' });
      return { address, spendingPools: await pools.pools.namesOf(address, await pools.registries.rolesOf(address)) };
    },
  );
};
