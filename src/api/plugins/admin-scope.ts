import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import type { RouteRegistration } from '../build-app.js';
import { ADMIN_SECURITY } from './admin-auth.js';
import { globalPlugin } from './global-plugin.js';

/** Where every admin route lives. */
export const ADMIN_PREFIX = '/v1/admin';

const isAdminPath = (url: string) => url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`);

/**
 * Mounts the admin route plugins under `/v1/admin` in one encapsulated scope whose `onRequest`
 * hook is `requireAdmin`: a route added there is guarded without saying so, and documented with
 * the bearer security requirement. A route under `/v1/admin` registered anywhere else stops the
 * app from starting, so that an admin route cannot be left open by registering it in the wrong list.
 *
 * Register before any other route: the check is an `onRoute` hook, inherited only by what is
 * registered after it.
 */
export const adminScopePlugin = globalPlugin<FastifyPluginAsync<{ routes: readonly RouteRegistration[] }>>(
  async (app, { routes }) => {
    let scope: FastifyInstance | null = null;
    // Fastify's child contexts are objects created from their parent's: the scope or a descendant.
    const inScope = (instance: FastifyInstance) =>
      scope !== null && (instance === scope || Object.prototype.isPrototypeOf.call(scope, instance));

    app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
      if (!isAdminPath(route.url)) return;
      if (!inScope(this))
        throw new Error(
          `${String(route.method)} ${route.url} is under ${ADMIN_PREFIX} but outside the admin scope: give it to AppDeps.adminRoutes, with a path relative to ${ADMIN_PREFIX}`,
        );
      const schema = route.schema as { hide?: boolean; security?: unknown } | undefined;
      if (schema && !schema.hide && schema.security === undefined) schema.security = ADMIN_SECURITY;
    });

    await app.register(
      async (admin) => {
        scope = admin;
        admin.addHook('onRequest', app.requireAdmin);
        for (const route of routes) await admin.register(route.plugin, { ...route.options, prefix: route.prefix });
      },
      { prefix: ADMIN_PREFIX },
    );
  },
);
