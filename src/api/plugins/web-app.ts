import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export interface WebAppOptions {
  /** The built app (`npm run build:web` writes web/dist). */
  root: string;
  /** The chain endpoint the app's browsers may connect to: the only origin besides the API's own. */
  chainEndpoint(): string | null;
}

/**
 * The web app at `/`: its files from `root`, with a Content-Security-Policy that lets the page talk
 * to the API (same origin) and to the chain endpoint it names, and to nothing else. Every asset is
 * served from here (no CDN, no font service). Without a build, `/` says how to make one.
 */
export const webAppPlugin: FastifyPluginAsync<WebAppOptions> = async (app, { root, chainEndpoint }) => {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The NDeST web app is not built: run `npm run build:web` (npm start and npm test build it).'),
    );
    return;
  }
  // This plugin's scope holds only the app's files: every one of them carries the policy.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', contentSecurityPolicy(chainEndpoint()));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Files are looked up at each request, so a new build is served without a restart; a path that
    // is no file falls through to the API's JSON 404.
    wildcard: true,
    // @fastify/swagger-ui registers its own copy; this one must not decorate the reply again.
    decorateReply: false,
    index: ['index.html'],
    // Vite names assets by content hash: they never change under one name.
    setHeaders: (res, filePath) => {
      if (filePath.includes(`${path.sep}assets${path.sep}`))
        res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'no-cache');
    },
    schemaHide: true,
  });
};

/** Same origin for the API and the assets; the chain endpoint for the wallet's setup call; WASM for sr25519. */
export function contentSecurityPolicy(chainEndpoint: string | null): string {
  const connect = ["'self'", ...(chainEndpoint ? [chainEndpoint] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
