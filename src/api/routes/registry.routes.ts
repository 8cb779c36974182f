import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NetworkPropertiesRepository } from '../../domain/registry/network-properties.repository.js';
import { roleNotFound } from '../../domain/registry/role.use-cases.js';
import type { RoleRepository } from '../../domain/registry/role.repository.js';
import type { TokenRepository } from '../../domain/registry/token.repository.js';
import { tokenNotFound } from '../../domain/registry/token.use-cases.js';
import { linkNextPage } from '../pagination.js';
import { presentNetworkProperties, presentRole, presentToken } from '../presenters/registry.presenter.js';
import {
  DenomParamsSchema,
  NetworkPropertiesSchema,
  RoleListQuerySchema,
  RoleListSchema,
  RoleMembersQuerySchema,
  RoleNameParamsSchema,
  RoleViewSchema,
  TokenListQuerySchema,
  TokenListSchema,
  TokenResponseSchema,
} from '../schemas/registry.schemas.js';

/** What the public reads of the registry need. */
export interface RegistryReads {
  tokens: Pick<TokenRepository, 'list' | 'get'>;
  roles: Pick<RoleRepository, 'list' | 'get' | 'members'>;
  networkProperties: Pick<NetworkPropertiesRepository, 'get'>;
}

/** Public reads of the token registry, the roles and the network properties. Paths relative to `/v1`. */
export const registryRoutes: FastifyPluginAsyncTypebox<{ registry: RegistryReads }> = async (app, { registry }) => {
  app.get(
    '/tokens',
    {
      schema: {
        tags: ['registry'],
        summary: 'The tokens the service handles, by denom',
        querystring: TokenListQuerySchema,
        response: { 200: TokenListSchema },
      },
    },
    async (req, reply) => {
      // A handful of tokens: paged in memory, by denom, the cursor being the last denom given.
      const { cursor, limit } = req.query;
      const all = (await registry.tokens.list())
        .filter((t) => cursor === undefined || t.denom > cursor)
        .sort((a, b) => (a.denom < b.denom ? -1 : 1));
      const tokens = all.slice(0, limit);
      const nextCursor = all.length > limit ? tokens[tokens.length - 1]!.denom : null;
      linkNextPage(req, reply, nextCursor);
      return { tokens: tokens.map(presentToken), nextCursor };
    },
  );

  app.get(
    '/tokens/:denom',
    {
      schema: {
        tags: ['registry'],
        summary: 'One token',
        params: DenomParamsSchema,
        response: { 200: TokenResponseSchema },
      },
    },
    async (req) => {
      const token = await registry.tokens.get(req.params.denom);
      if (!token) throw tokenNotFound(req.params.denom);
      return { token: presentToken(token) };
    },
  );

  app.get(
    '/roles',
    {
      schema: {
        tags: ['registry'],
        summary: 'Roles by name, with how many members each has',
        querystring: RoleListQuerySchema,
        response: { 200: RoleListSchema },
      },
    },
    async (req, reply) => {
      const page = await registry.roles.list({ limit: req.query.limit, after: req.query.cursor ?? null });
      linkNextPage(req, reply, page.next);
      return { roles: page.items.map(presentRole), nextCursor: page.next };
    },
  );

  app.get(
    '/roles/:name',
    {
      schema: {
        tags: ['registry'],
        summary: 'A role and its members (by address, a page at a time)',
        params: RoleNameParamsSchema,
        querystring: RoleMembersQuerySchema,
        response: { 200: RoleViewSchema },
      },
    },
    async (req, reply) => {
      const role = await registry.roles.get(req.params.name);
      if (!role) throw roleNotFound(req.params.name);
      const page = await registry.roles.members(role.name, { limit: req.query.limit, after: req.query.cursor ?? null });
      linkNextPage(req, reply, page.next);
      return { role: presentRole(role), members: page.items, nextCursor: page.next };
    },
  );

  app.get(
    '/network-properties',
    {
      schema: {
        tags: ['registry'],
        summary: 'The network properties of collectives (the defaults until the operator sets them)',
        response: { 200: NetworkPropertiesSchema },
      },
    },
    async () => presentNetworkProperties(await registry.networkProperties.get()),
  );
};
