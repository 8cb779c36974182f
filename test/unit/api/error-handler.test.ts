import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFailure, sendFailure, STATUS_OF_KIND } from '../../../src/api/error-handler.js';
import { Planck, SignedEnvelope } from '../../../src/api/schemas/common.schemas.js';
import { DomainError, type ErrorKind } from '../../../src/domain/errors.js';
import { testApp, type TestApp } from './test-app.js';

const KINDS: [ErrorKind, number][] = [
  ['validation', 400],
  ['unauthenticated', 401],
  ['forbidden', 403],
  ['not_found', 404],
  ['conflict', 409],
  ['rule', 422],
  ['unavailable', 503],
];

const probeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/throw/:kind', { schema: { params: Type.Object({ kind: Type.String() }) } }, async (request) => {
    throw new DomainError(
      request.params.kind as ErrorKind,
      `PROBE_${request.params.kind.toUpperCase()}`,
      'probe failed',
      {
        amount: 12345678901234567890n,
      },
    );
  });
  // The same refusal, prepared once and sent without throwing (a kept "not found").
  const prepared = new Map(
    KINDS.map(([kind]) => [
      kind,
      prepareFailure(
        new DomainError(kind, `PROBE_${kind.toUpperCase()}`, 'probe failed', { amount: 12345678901234567890n }),
      ),
    ]),
  );
  app.get('/prepared/:kind', { schema: { params: Type.Object({ kind: Type.String() }) } }, async (request, reply) =>
    sendFailure(request, reply, prepared.get(request.params.kind as ErrorKind)!),
  );
  app.get('/crash', { schema: {} }, async () => {
    throw new Error('connect ECONNREFUSED postgres://admin:hunter2@10.0.0.5/ndest');
  });
  app.get('/crash-sync', { schema: {} }, () => {
    throw new TypeError("Cannot read properties of undefined (reading 'ledger')");
  });
  app.get(
    '/items',
    { schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100 }) }) } },
    async (request) => ({ limit: request.query.limit }),
  );
  app.post('/signed', { schema: { body: SignedEnvelope(Type.Object({ bond: Planck })) } }, async (request) => ({
    bond: request.body.payload.bond,
  }));
};

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ routes: [{ plugin: probeRoutes, prefix: '/probe' }] });
});
afterAll(() => t.app.close());

const validBody = {
  payload: {
    bond: '100',
    address: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F',
    nonce: 'n'.repeat(16),
    expiresAt: '2025-01-01T00:00:00Z',
  },
  signature: `0x${'ab'.repeat(64)}`,
};

describe('domain errors', () => {
  it('map every kind to its status', () => {
    expect(Object.entries(STATUS_OF_KIND)).toEqual(KINDS);
  });

  it.each(KINDS)('%s → %i with the error model', async (kind, status) => {
    const response = await t.app.inject({ method: 'GET', url: `/probe/throw/${kind}` });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      error: {
        code: `PROBE_${kind.toUpperCase()}`,
        message: 'probe failed',
        details: { amount: '12345678901234567890' },
      },
    });
  });
});

describe('prepared refusals', () => {
  it.each(KINDS)('%s: the status, type, body and log line of the thrown error', async (kind) => {
    const thrown = await t.app.inject({ method: 'GET', url: `/probe/throw/${kind}` });
    const sent = await t.app.inject({ method: 'GET', url: `/probe/prepared/${kind}` });
    expect(sent.statusCode).toBe(thrown.statusCode);
    expect(sent.headers['content-type']).toBe(thrown.headers['content-type']);
    expect(sent.body).toBe(thrown.body);
    const logOf = (id: unknown) => {
      const { level, msg, code, statusCode } = t.logs().find((line) => line.reqId === id && line.code)!;
      return { level, msg, code, statusCode };
    };
    expect(logOf(sent.headers['x-request-id'])).toEqual(logOf(thrown.headers['x-request-id']));
    expect(logOf(sent.headers['x-request-id']).code).toBe(`PROBE_${kind.toUpperCase()}`);
  });
});

describe('unknown routes', () => {
  it('are 404 ROUTE_NOT_FOUND', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'Route GET /v1/nothing-here not found' },
    });
  });

  it('include a known path with another method', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/health/live' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('unexpected failures', () => {
  it.each(['/probe/crash', '/probe/crash-sync'])(
    '%s is a 500 that reveals nothing, and is logged with the error',
    async (url) => {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
      expect(response.body).not.toMatch(/hunter2|ECONNREFUSED|ledger|stack|at /);
      const logged = t
        .logs()
        .find((line) => line.reqId === response.headers['x-request-id'] && line.msg === 'request failed');
      expect(logged?.level).toBe(50);
      expect(JSON.stringify(logged?.err)).toMatch(/ECONNREFUSED|ledger/);
    },
  );
});

describe('validation failures', () => {
  it('name the body field that failed', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      payload: { ...validBody, payload: { ...validBody.payload, nonce: 'short' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'INVALID_PAYLOAD_NONCE',
        message: 'body field /payload/nonce must NOT have fewer than 16 characters',
        details: { location: 'body', field: '/payload/nonce', reason: 'must NOT have fewer than 16 characters' },
      },
    });
  });

  it('name a missing field', async () => {
    const { address: _dropped, ...payload } = validBody.payload;
    const response = await t.app.inject({ method: 'POST', url: '/probe/signed', payload: { ...validBody, payload } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_PAYLOAD_ADDRESS',
      message: 'body field /payload/address is required',
      details: { location: 'body', field: '/payload/address', reason: 'is required' },
    });
  });

  it('refuse unknown fields instead of dropping them (the signature covers the payload as sent)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      payload: { ...validBody, payload: { ...validBody.payload, extra: 1 } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual({
      location: 'body',
      field: '/payload/extra',
      reason: 'is not allowed',
    });
  });

  it('check shared formats (planck, signature)', async () => {
    const badBond = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      payload: { ...validBody, payload: { ...validBody.payload, bond: '1.5' } },
    });
    expect(badBond.json().error.details.field).toBe('/payload/bond');
    // One amount, one spelling: no leading zeros.
    const paddedBond = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      payload: { ...validBody, payload: { ...validBody.payload, bond: '0100' } },
    });
    expect(paddedBond.statusCode).toBe(400);
    expect(paddedBond.json().error.details.field).toBe('/payload/bond');
    const badSignature = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      payload: { ...validBody, signature: 'zz' },
    });
    expect(badSignature.json().error.details.field).toBe('/signature');
  });

  it('accept a well-formed body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/probe/signed', payload: validBody });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ bond: '100' });
  });

  it('name the query parameter that failed', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/probe/items?limit=1000' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_LIMIT',
      message: 'querystring field /limit must be <= 100',
      details: { location: 'querystring', field: '/limit' },
    });
    const ok = await t.app.inject({ method: 'GET', url: '/probe/items?limit=10' });
    expect(ok.json()).toEqual({ limit: 10 });
  });

  it('name the request part when the whole of it is wrong', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/probe/signed', payload: [1, 2] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'INVALID_BODY',
      message: 'body must be object',
      details: { field: '' },
    });
  });
});

describe('validation codes', () => {
  it('name the field, in upper snake case, without array positions', async () => {
    const { validationCode } = await import('../../../src/api/error-handler.js');
    expect(validationCode('body', '/payload/expiresAt')).toBe('INVALID_PAYLOAD_EXPIRES_AT');
    expect(validationCode('body', '/payload/targets/3')).toBe('INVALID_PAYLOAD_TARGETS');
    expect(validationCode('params', '/address')).toBe('INVALID_ADDRESS');
    expect(validationCode('querystring', '')).toBe('INVALID_QUERYSTRING');
  });
});

describe('unreadable bodies', () => {
  it('invalid JSON → 400 BODY_INVALID_JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      headers: { 'content-type': 'application/json' },
      payload: '{"payload": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BODY_INVALID_JSON');
  });

  it('prototype pollution attempts → 400 BODY_INVALID_JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"admin": true}}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BODY_INVALID_JSON');
  });

  it('empty JSON → 400 BODY_EMPTY', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('BODY_EMPTY');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded'])('%s → 415 UNSUPPORTED_MEDIA_TYPE', async (type) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      headers: { 'content-type': type },
      payload: 'a=1',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('too large → 413 BODY_TOO_LARGE', async () => {
    const small = await testApp({ routes: [{ plugin: probeRoutes }], bodyLimit: 1024 });
    try {
      const response = await small.app.inject({
        method: 'POST',
        url: '/signed',
        payload: { ...validBody, payload: { ...validBody.payload, bond: '1'.repeat(2000) } },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('BODY_TOO_LARGE');
    } finally {
      await small.app.close();
    }
  });
});

describe('request ids', () => {
  it('are generated and echoed', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reuse the caller's id, on errors too", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'edge-42.abc' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-request-id']).toBe('edge-42.abc');
    expect(t.logs().some((line) => line.reqId === 'edge-42.abc')).toBe(true);
  });

  it('replace an id that could forge log lines', async () => {
    const forged = 'x\n{"level":60,"msg":"forged"}';
    const response = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': forged } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('logs', () => {
  it('never hold request bodies (signatures) nor the Authorization header', async () => {
    const signature = `0x${'5e'.repeat(64)}`;
    await t.app.inject({ method: 'POST', url: '/probe/signed', payload: { ...validBody, signature } });
    await t.app.inject({
      method: 'POST',
      url: '/probe/signed',
      headers: { authorization: 'Bearer very-secret-token' },
      payload: { ...validBody, signature, payload: { ...validBody.payload, nonce: 'x' } },
    });
    await t.app.inject({ method: 'GET', url: '/probe/crash', headers: { authorization: 'Bearer very-secret-token' } });
    expect(t.logText()).not.toContain('5e5e5e');
    expect(t.logText()).not.toContain('very-secret-token');
    expect(t.logText()).toContain('request rejected');
  });
});
