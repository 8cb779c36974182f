import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c.network).toBe('kusama');
    expect(c.port).toBe(3000);
    expect(c.chainEndpoints[0]).toMatch(/^wss:\/\/.*asset-hub/);
    expect(c.operatorSeed).toBeNull();
    expect(c.targetsPerDelegator).toBe(4);
    expect(c.rotationEras).toBe(28);
    expect(c.databaseUrl).toBeNull();
  });

  it('reads the documented names', () => {
    const c = loadConfig({
      CHAIN_ENDPOINTS: 'ws://127.0.0.1:9944, ws://127.0.0.1:9945',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
      REDIS_URL: 'redis://127.0.0.1:6379',
      OPERATOR_SEED: '//Alice',
      ADMIN_TOKEN: 'a-long-enough-token',
      TARGETS_PER_DELEGATOR: '6',
    });
    expect(c.chainEndpoints).toEqual(['ws://127.0.0.1:9944', 'ws://127.0.0.1:9945']);
    expect(c.operatorSeed).toBe('//Alice');
    expect(c.targetsPerDelegator).toBe(6);
  });

  it('names every bad variable at once and never echoes the secrets', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        CHAIN_ENDPOINTS: 'http://x',
        ADMIN_TOKEN: 'short',
        TARGETS_PER_DELEGATOR: '0',
        NETWORK: 'moon',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['PORT', 'CHAIN_ENDPOINTS', 'ADMIN_TOKEN', 'TARGETS_PER_DELEGATOR', 'NETWORK'])
      expect(message).toContain(name);
    expect(message).not.toContain('short');
  });

  it('takes the operator address for the API process, and refuses what is no SS58 address', () => {
    const address = 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F';
    expect(loadConfig({ OPERATOR_ADDRESS: address }).operatorAddress).toBe(address);
    expect(loadConfig({}).operatorAddress).toBeNull();
    expect(() => loadConfig({ OPERATOR_ADDRESS: '0x1234' })).toThrow(/OPERATOR_ADDRESS/);
  });

  it('refuses two candidate sources', () => {
    expect(() => loadConfig({ CANDIDATES_URL: 'http://127.0.0.1/c', CANDIDATES_FILE: '/tmp/c.json' })).toThrow(
      /not both/,
    );
  });
});
