import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import { ErrorResponse } from '../schemas/common.schemas.js';
import { ADMIN_SECURITY, ADMIN_SECURITY_SCHEME } from './admin-auth.js';
import { globalPlugin } from './global-plugin.js';
import { METRICS_SECURITY_SCHEME } from './metrics.js';

export interface OpenApiOptions {
  version: string;
}

const ERROR_REF = { $ref: 'ErrorResponse#' };

/**
 * OpenAPI 3.1 generated from the route schemas, served at GET /openapi.json with a UI at /docs.
 * Register before any route: routes are collected as they are added.
 */
export const openApiPlugin = globalPlugin<FastifyPluginAsync<OpenApiOptions>>(async (app, { version }) => {
  app.addSchema(ErrorResponse);
  app.addHook('onRoute', documentCommonResponses(app));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'NDeST API',
        description:
          'Non-profit delegated staking. User actions are signed wallet requests; every error is `{ error: { code, message, details? } }`.',
        version,
      },
      components: {
        securitySchemes: {
          [ADMIN_SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN of the service' },
          [METRICS_SECURITY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description: 'The METRICS_TOKEN of the service, when it sets one',
          },
        },
      },
    },
    // Shared schemas keep their `$id` as component name (components.schemas.ErrorResponse).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});

/**
 * Every documented route answers errors with the error model, and routes behind `requireAdmin`
 * carry the bearer security requirement, so that the document cannot drift from the code.
 */
function documentCommonResponses(app: FastifyInstance) {
  return (route: RouteOptions): void => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
    for (const statusClass of ['4xx', '5xx']) {
      if (!(statusClass in response) && !(statusClass.toUpperCase() in response)) response[statusClass] = ERROR_REF;
    }
    schema.response = response;
    if (schema.security === undefined && usesAdminGuard(app, route)) schema.security = ADMIN_SECURITY;
  };
}

function usesAdminGuard(app: FastifyInstance, route: RouteOptions): boolean {
  if (!app.hasDecorator('requireAdmin')) return false;
  const hooks: unknown[] = [route.onRequest, route.preValidation, route.preHandler].flat();
  return hooks.includes(app.requireAdmin);
}
