import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, unauthenticated, unavailable } from '../../domain/errors.js';
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

const BEARER = /^Bearer +(\S+) *$/i;

export function adminGuard(adminToken: string | null): AdminGuard {
  // Comparing fixed-size digests keeps the comparison constant-time whatever the token lengths.
  const expected = adminToken === null || adminToken === '' ? null : digest(adminToken);
  return async (request, reply) => {
    if (expected === null)
      throw unavailable('ADMIN_DISABLED', 'Admin routes are disabled: no admin token is configured');
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) {
      reply.header('www-authenticate', 'Bearer');
      throw unauthenticated('ADMIN_TOKEN_MISSING', 'This route needs an `Authorization: Bearer <admin token>` header');
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      throw new DomainError('forbidden', 'ADMIN_TOKEN_INVALID', 'The admin token is not valid');
    }
  };
}

export const adminAuthPlugin = globalPlugin<FastifyPluginAsync<{ adminToken: string | null }>>(
  async (app, { adminToken }) => {
    app.decorate('requireAdmin', adminGuard(adminToken));
  },
);

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
