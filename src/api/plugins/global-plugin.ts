import type { FastifyPluginAsync } from 'fastify';

/**
 * Marks a plugin as not encapsulated, as `fastify-plugin` does (Fastify's documented
 * `skip-override` property): its hooks and decorators then apply to the whole app.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any options type, as fastify's own signature
export function globalPlugin<P extends FastifyPluginAsync<any>>(plugin: P): P {
  Object.defineProperty(plugin, Symbol.for('skip-override'), { value: true });
  return plugin;
}
