import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { networkPropertiesChanges } from '../../../domain/registry/network-properties.js';
import type { NetworkPropertiesRepository } from '../../../domain/registry/network-properties.repository.js';
import { presentNetworkProperties } from '../../presenters/registry.presenter.js';
import { NetworkPropertiesBodySchema, NetworkPropertiesSchema } from '../../schemas/registry.schemas.js';

/** The network properties of collectives (admin). Paths relative to `/v1/admin`, guarded by its scope. */
export const networkPropertiesAdminRoutes: FastifyPluginAsyncTypebox<{
  registry: { networkProperties: NetworkPropertiesRepository };
}> = async (app, { registry }) => {
  app.put(
    '/network-properties',
    {
      // No body at all changes nothing, as `{}`.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['admin'],
        summary: 'Set network properties: the fields given change, the others are kept; unknown fields are refused',
        body: NetworkPropertiesBodySchema,
        response: { 200: NetworkPropertiesSchema },
      },
    },
    async (req) => {
      const changes = networkPropertiesChanges(req.body);
      const properties = await registry.networkProperties.update(changes);
      req.log.info({ changes }, 'network properties set by an admin');
      return presentNetworkProperties(properties);
    },
  );
};
