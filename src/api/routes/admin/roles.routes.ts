import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  addRoleMember,
  createRole,
  deleteRole,
  removeRoleMember,
  type RoleDeps,
} from '../../../domain/registry/role.use-cases.js';
import { presentRole } from '../../presenters/registry.presenter.js';
import {
  RoleMemberParamsSchema,
  RoleMemberResponseSchema,
  RoleNameParamsSchema,
  RoleResponseSchema,
} from '../../schemas/registry.schemas.js';

/** Roles and their members (admin). Paths relative to `/v1/admin`, guarded by its scope. */
export const rolesAdminRoutes: FastifyPluginAsyncTypebox<{ registry: RoleDeps }> = async (app, { registry }) => {
  app.put(
    '/roles/:name',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a role (201), or find it there already (200)',
        params: RoleNameParamsSchema,
        response: { 200: RoleResponseSchema, 201: RoleResponseSchema },
      },
    },
    async (req, reply) => {
      const { role, created } = await createRole(registry, req.params.name);
      if (created) req.log.info({ role: role.name }, 'role created by an admin');
      reply.code(created ? 201 : 200);
      return { role: presentRole(role) };
    },
  );

  app.delete(
    '/roles/:name',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete a role and its memberships; refused (409 ROLE_IN_USE, naming them) while a pool names it',
        params: RoleNameParamsSchema,
        response: { 200: RoleResponseSchema },
      },
    },
    async (req) => {
      const role = await deleteRole(registry, req.params.name);
      req.log.warn({ role: role.name, members: role.memberCount }, 'role deleted by an admin');
      return { role: presentRole(role) };
    },
  );

  app.put(
    '/roles/:name/members/:address',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a member to a role (201), or find it there already (200)',
        params: RoleMemberParamsSchema,
        response: { 200: RoleMemberResponseSchema, 201: RoleMemberResponseSchema },
      },
    },
    async (req, reply) => {
      const { address, added } = await addRoleMember(registry, req.params.name, req.params.address);
      if (added) req.log.info({ role: req.params.name, address }, 'role member added by an admin');
      reply.code(added ? 201 : 200);
      return { role: req.params.name, address };
    },
  );

  app.delete(
    '/roles/:name/members/:address',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove a member from a role',
        params: RoleMemberParamsSchema,
        response: { 200: RoleMemberResponseSchema },
      },
    },
    async (req) => {
      const address = await removeRoleMember(registry, req.params.name, req.params.address);
      req.log.info({ role: req.params.name, address }, 'role member removed by an admin');
      return { role: req.params.name, address };
    },
  );
};
