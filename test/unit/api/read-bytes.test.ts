import { afterEach, describe, expect, it } from 'vitest';
import { byteServices, readApp, URLS } from './read-fixtures.js';
import type { TestApp } from './test-app.js';

/*
 * The bytes the read routes answer, recorded (in __snapshots__) from the routes as they were
 * before their answers were cached: a cached answer (built once, sent as a string) must be the
 * same bytes, headers that matter included, as the serializer made of the object.
 */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

describe('the read routes answer the same bytes as before their answers were cached', () => {
  it.each(URLS)('GET %s', async (url) => {
    t = await readApp(byteServices());
    // Twice: the second answer may come from a cache.
    for (const round of [1, 2]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect({
        status: res.statusCode,
        type: res.headers['content-type'],
        length: res.headers['content-length'],
        link: res.headers.link ?? null,
        body: res.body,
      }).toMatchSnapshot(`round ${round}`);
    }
  });
});
