import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('API limits in the configuration', () => {
  it('has defaults: 600 reads and 30 signed requests a minute per client, 30 s per request, open metrics, no proxy', () => {
    expect(loadConfig({})).toMatchObject({
      rateLimitReadPerMin: 600,
      rateLimitSignedPerMin: 30,
      requestTimeoutMs: 30_000,
      metricsToken: null,
      trustProxy: false,
    });
  });

  it('reads them, 0 turning a limit off', () => {
    expect(
      loadConfig({
        RATE_LIMIT_READ_PER_MIN: '0',
        RATE_LIMIT_SIGNED_PER_MIN: '5',
        REQUEST_TIMEOUT_MS: '1500',
        METRICS_TOKEN: 'metrics-token-0123456789',
        TRUST_PROXY: 'loopback, 10.0.0.0/8',
      }),
    ).toMatchObject({
      rateLimitReadPerMin: 0,
      rateLimitSignedPerMin: 5,
      requestTimeoutMs: 1500,
      metricsToken: 'metrics-token-0123456789',
      trustProxy: ['loopback', '10.0.0.0/8'],
    });
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses bad values, naming them', () => {
    expect(() => loadConfig({ RATE_LIMIT_READ_PER_MIN: '-1' })).toThrow(/RATE_LIMIT_READ_PER_MIN/);
    expect(() => loadConfig({ RATE_LIMIT_SIGNED_PER_MIN: 'lots' })).toThrow(/RATE_LIMIT_SIGNED_PER_MIN/);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '10' })).toThrow(/REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.com' })).toThrow(/TRUST_PROXY/);
  });
});
