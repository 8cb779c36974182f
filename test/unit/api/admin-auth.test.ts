import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testApp, type TestApp } from './test-app.js';

/** An admin route as every admin plugin writes one: its path relative to /v1/admin, no guard of its own. */
const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/rounds',
    {
      schema: {
        body: Type.Object({ dryRun: Type.Boolean() }, { additionalProperties: false }),
        response: { 202: Type.Object({ accepted: Type.Boolean() }) },
      },
    },
    async (_request, reply) => reply.code(202).send({ accepted: true }),
  );
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

async function call(
  authorization: string | undefined,
  adminToken: string | null = ADMIN_TOKEN,
  body: unknown = { dryRun: true },
) {
  t = await testApp({ adminToken, adminRoutes: [{ plugin: adminRoutes }] });
  return t.app.inject({
    method: 'POST',
    url: '/v1/admin/rounds',
    headers: authorization === undefined ? {} : { authorization },
    payload: body as object,
  });
}

describe('requireAdmin', () => {
  it('lets the right Bearer token through', async () => {
    const response = await call(`Bearer ${ADMIN_TOKEN}`);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: true });
  });

  it('accepts any case of the scheme name', async () => {
    expect((await call(`bearer ${ADMIN_TOKEN}`)).statusCode).toBe(202);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`],
    ['Bearer without a token', 'Bearer '],
    ['the bare token', ADMIN_TOKEN],
  ])('refuses %s with 401 ADMIN_TOKEN_MISSING', async (_name, authorization) => {
    const response = await call(authorization);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json().error.code).toBe('ADMIN_TOKEN_MISSING');
  });

  it.each([
    ['a wrong token', 'Bearer wrong'],
    ['a prefix of the token', `Bearer ${ADMIN_TOKEN.slice(0, -1)}`],
    ['the token with a suffix', `Bearer ${ADMIN_TOKEN}x`],
  ])('refuses %s with 403 ADMIN_TOKEN_INVALID', async (_name, authorization) => {
    const response = await call(authorization);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: { code: 'ADMIN_TOKEN_INVALID', message: 'The admin token is not valid' },
    });
  });

  it('answers 503 ADMIN_DISABLED when no admin token is configured, whatever is sent', async () => {
    for (const authorization of [undefined, 'Bearer ', `Bearer ${ADMIN_TOKEN}`]) {
      const response = await call(authorization, null);
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('ADMIN_DISABLED');
      await t?.app.close();
    }
  });

  it('checks the token before the body: an anonymous caller learns nothing of the schema', async () => {
    const response = await call(undefined, ADMIN_TOKEN, { unexpected: 1 });
    expect(response.statusCode).toBe(401);
    const authorised = await t!.app.inject({
      method: 'POST',
      url: '/v1/admin/rounds',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { unexpected: 1 },
    });
    expect(authorised.statusCode).toBe(400);
  });

  it('documents the route with the bearer security scheme', async () => {
    await call(`Bearer ${ADMIN_TOKEN}`);
    const document = (await t!.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.paths['/v1/admin/rounds'].post.security).toEqual([{ adminToken: [] }]);
    expect(document.paths['/health/live'].get.security).toBeUndefined();
  });
});
