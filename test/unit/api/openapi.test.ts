import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseRef, Planck, SignedEnvelope } from '../../../src/api/schemas/common.schemas.js';
import { testApp, type TestApp } from './test-app.js';

const resourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/delegations',
    {
      schema: {
        tags: ['delegations'],
        body: SignedEnvelope(Type.Object({ bond: Type.Optional(Planck) })),
        response: { 201: Type.Object({ ok: Type.Boolean() }), 409: ErrorResponseRef },
      },
    },
    async (_request, reply) => reply.code(201).send({ ok: true }),
  );
};

let t: TestApp;
let document: Record<string, any>;
beforeAll(async () => {
  t = await testApp({ routes: [{ plugin: resourceRoutes, prefix: '/v1' }] });
  const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(() => t.app.close());

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3 document with the service version', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: 'NDeST API', version: '0.0.0-test' });
  });

  it('lists every documented route, with prefixes, and hides its own plumbing', () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
      '/v1/delegations',
    ]);
  });

  it('declares the error model and the admin bearer scheme as components', () => {
    expect(document.components.schemas.ErrorResponse.properties.error.required).toEqual(['code', 'message']);
    expect(document.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes a signed request body from the shared schemas', () => {
    const body = document.paths['/v1/delegations'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['payload', 'signature']);
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties.payload.properties)).toEqual(['bond', 'address', 'nonce', 'expiresAt']);
    expect(body.properties.payload.required).toEqual(['address', 'nonce', 'expiresAt']);
    expect(body.properties.payload.properties.nonce).toMatchObject({ minLength: 16, maxLength: 128 });
    expect(body.properties.signature.pattern).toBe('^0x[0-9a-fA-F]+$');
  });

  it('gives every route the error model for 4XX and 5XX, keeping explicit codes', () => {
    const errorRef = { $ref: '#/components/schemas/ErrorResponse' };
    const responses = document.paths['/v1/delegations'].post.responses;
    expect(Object.keys(responses).sort()).toEqual(['201', '409', '4XX', '5XX']);
    for (const code of ['409', '4XX', '5XX'])
      expect(responses[code].content['application/json'].schema).toEqual(errorRef);
    expect(
      document.paths['/health/ready'].get.responses['503'].content['application/json'].schema.properties.checks,
    ).toBeDefined();
  });
});

describe('GET /docs', () => {
  it('serves the UI', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('swagger');
  });

  it('points the UI at the same document', async () => {
    const fromUi = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(fromUi.json()).toEqual(document);
  });
});
