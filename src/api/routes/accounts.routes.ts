import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CollectiveDeps } from '../../domain/collectives/collective-deps.js';
import { validationError } from '../../domain/errors.js';
import type { PoolDeps } from '../../domain/pools/pool-deps.js';
import type { AddressCodec } from '../../domain/ports/wallet.js';
import { AccountCollectivesSchema } from '../schemas/collectives.schemas.js';
import { Address } from '../schemas/common.schemas.js';

export interface AccountsRoutesDeps {
  /** Serves GET /{address}/spending-pools when given. */
  pools?: PoolDeps;
  /** Serves GET /{address}/collectives when given. */
  collectives?: Pick<CollectiveDeps, 'collectives' | 'registries' | 'codec'>;
}

/**
 * What an account takes part in, under /v1/accounts (DESIGN §8 reads): its spending pools and
 * its collectives. Each feature mounts this plugin with its own deps, so each serves only its
 * own route (two registrations under one prefix do not collide).
 */
export const accountsRoutes: FastifyPluginAsyncTypebox<{ deps: AccountsRoutesDeps }> = async (app, { deps }) => {
  const { pools, collectives } = deps;
  if (pools)
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
        const address = addressOf(pools.codec, req.params.address);
        return { address, spendingPools: await pools.pools.namesOf(address, await pools.registries.rolesOf(address)) };
      },
    );

  if (collectives)
    app.get(
      '/:address/collectives',
      {
        schema: {
          tags: ['collectives'],
          summary:
            'The collectives where an account contributes (or did), owns (listed, by role or as creator) or may contribute (listed, or by role)',
          params: Type.Object({ address: Address }),
          response: { 200: AccountCollectivesSchema },
        },
      },
      async (req) => {
        const address = addressOf(collectives.codec, req.params.address);
        const roles = await collectives.registries.rolesOf(address);
        return { address, collectives: await collectives.collectives.namesOf(address, roles) };
      },
    );
};

/** The address in the network's own format; 400 ADDRESS_INVALID for one of another network or none. */
function addressOf(codec: AddressCodec, raw: string): string {
  const address = codec.normalize(raw);
  if (!address) throw validationError('ADDRESS_INVALID', 'not a valid address of this network', { field: 'address' });
  return address;
}
