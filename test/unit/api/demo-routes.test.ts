import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoModule } from '../../../src/modules/demo/module.js';
import { testApp, type TestApp } from './test-app.js';

/** A stand-in for `npm run demo`'s control server: what the API forwards to. */
let control: Server;
let controlUrl: string;
let era = 7;
let eraAnswer: 'ok' | 'busy' | 'broken' = 'ok';
const accounts = [
  { name: 'Demo 1', uri: '//NDeST-demo//1', address: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F' },
];

let demo: TestApp;
let plain: TestApp;
let unreachable: TestApp;

beforeAll(async () => {
  control = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/demo') return res.end(JSON.stringify({ accounts, activeEra: era }));
    if (req.method === 'POST' && req.url === '/eras') {
      if (eraAnswer === 'busy') {
        res.statusCode = 409;
        return res.end(
          JSON.stringify({ error: { code: 'DEMO_ERA_IN_PROGRESS', message: 'an era change is under way' } }),
        );
      }
      if (eraAnswer === 'broken') {
        res.statusCode = 500;
        return res.end(
          JSON.stringify({ error: { code: 'DEMO_CHAIN_FAILED', message: 'session report 9 was not received' } }),
        );
      }
      return res.end(JSON.stringify({ era: ++era }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  controlUrl = `http://127.0.0.1:${(control.address() as { port: number }).port}`;
  demo = await testApp({ routes: demoModule({ controlUrl }).routes! });
  plain = await testApp({ routes: [] });
  // Nothing listens on port 9 of 127.0.0.1.
  unreachable = await testApp({ routes: demoModule({ controlUrl: 'http://127.0.0.1:9' }).routes! });
});
afterAll(async () => {
  await Promise.all([demo.app.close(), plain.app.close(), unreachable.app.close()]);
  await new Promise<void>((r) => control.close(() => r()));
});

describe('the demo routes (demo mode only)', () => {
  it('lists the demo accounts and the active era', async () => {
    const res = await demo.app.inject({ method: 'GET', url: '/v1/demo' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accounts, activeEra: 7 });
  });

  it('advances one era and answers with the new one', async () => {
    eraAnswer = 'ok';
    const res = await demo.app.inject({ method: 'POST', url: '/v1/demo/eras' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ era: 8 });
  });

  it('refuses a second era change while one is under way (409), and says when the chain failed (503)', async () => {
    eraAnswer = 'busy';
    const busy = await demo.app.inject({ method: 'POST', url: '/v1/demo/eras' });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('DEMO_ERA_IN_PROGRESS');
    eraAnswer = 'broken';
    const broken = await demo.app.inject({ method: 'POST', url: '/v1/demo/eras' });
    expect(broken.statusCode).toBe(503);
    expect(broken.json().error).toMatchObject({ code: 'DEMO_CONTROL_UNAVAILABLE' });
    expect(broken.json().error.message).toContain('session report 9 was not received');
    eraAnswer = 'ok';
  });

  it('answers 503 DEMO_CONTROL_UNAVAILABLE when the control server is gone', async () => {
    const res = await unreachable.app.inject({ method: 'GET', url: '/v1/demo' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('DEMO_CONTROL_UNAVAILABLE');
  });

  it('does not exist outside demo mode', async () => {
    for (const [method, url] of [
      ['GET', '/v1/demo'],
      ['POST', '/v1/demo/eras'],
    ] as const) {
      const res = await plain.app.inject({ method, url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await demo.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/demo', '/v1/demo/eras']));
    expect(doc.paths['/v1/demo/eras'].post.responses['4XX']).toBeDefined();
  });
});
