import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../../src/logger.js';

describe('logger', () => {
  it('never writes the operator seed, the admin token or an authorization header', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({ config: { operatorSeed: '//Secret//seed', adminToken: 'admin-token-123456' } }, 'started');
    logger.info({ operatorSeed: '//Secret//seed', req: { headers: { authorization: 'Bearer admin-token-123456' } } });
    logger.info({ payload: { address: 'x' }, signature: '0xdeadbeef' }, 'request');
    expect(out).not.toMatch(/Secret|admin-token-123456|deadbeef/);
    expect(out).toContain('[redacted]');
  });
});
