import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, unauthenticated, unavailable } from '../../domain/errors.js';
import { bearerToken, tokenMatcher } from './bearer-token.js';
import { globalPlugin } from './global-plugin.js';

/** The OpenAPI security scheme of admin routes (registered in the document by the OpenAPI plugin). */
export const ADMIN_SECURITY_SCHEME = 'adminToken';
/** `schema.security` of an admin route. Routes guarded by `requireAdmin` get it automatically. */
export const ADMIN_SECURITY = [{ [ADMIN_SECURITY_SCHEME]: [] as string[] }];

export type AdminGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Admin routes: `{ onRequest: app.requireAdmin }` (onRequest, so that an unauthenticated
     * caller learns nothing from body validation). 401 `ADMIN_TOKEN_MISSING` without a Bearer
     * token, 403 `ADMIN_TOKEN_INVALID` with a wrong one, 503 `ADMIN_DISABLED` when no admin token
     * is configured.
     */
    requireAdmin: AdminGuard;
  }
}

export function adminGuard(adminToken: string | null): AdminGuard {
  const matches = adminToken === null || adminToken === '' ? null : tokenMatcher(adminToken);
  return async (request, reply) => {
    if (matches === null)
      throw unavailable('ADMIN_DISABLED', 'Admin routes are disabled: no admin token is configured');
    const given = bearerToken(request.headers.authorization);
    if (given === null) {
      reply.header('www-authenticate', 'Bearer');
      throw unauthenticated('ADMIN_TOKEN_MISSING', 'This route needs an `Authorization: Bearer <admin token>` header');
    }
    if (!matches(given)) {
      throw new DomainError('forbidden', 'ADMIN_TOKEN_INVALID', 'The admin token is not valid');
    }
  };
}

export const adminAuthPlugin = globalPlugin<FastifyPluginAsync<{ adminToken: string | null }>>(
  async (app, { adminToken }) => {
    app.decorate('requireAdmin', adminGuard(adminToken));
  },
);
