import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import type { ChainLogger } from '../../../src/chain/chain-logger.js';
import { startTcpProxy, type TcpProxy } from '../../support/chain-tcp-proxy.js';
import { startDevChain, type DevChain } from '../../support/dev-chain.js';

let chain: DevChain;
let proxy: TcpProxy;
const lines: string[] = [];
const logger: ChainLogger = {
  info: (o, m) => void lines.push(`${m} ${JSON.stringify(o)}`),
  warn: (o, m) => void lines.push(`${m} ${JSON.stringify(o)}`),
  error: (o, m) => void lines.push(`${m} ${JSON.stringify(o)}`),
  debug: () => undefined,
};

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay' });
  proxy = await startTcpProxy(chain.endpoint);
});

afterAll(async () => {
  await proxy?.close();
  await chain?.close();
});

describe('ChainConnection', () => {
  it('moves to the next endpoint when the current one stops answering a health check', async () => {
    const conn = await ChainConnection.connect({
      endpoints: [proxy.endpoint, chain.endpoint],
      logger,
      healthTimeoutMs: 1_000,
      healthIntervalMs: 0,
    });
    try {
      expect(conn.endpoint()).toBe(proxy.endpoint);
      proxy.freeze();
      await expect(conn.checkHealth()).resolves.toBe(true);
      expect(conn.endpoint()).toBe(chain.endpoint);
      expect(conn.isHealthy()).toBe(true);
      const chainName = await conn.call('system.chain', (api) => api.rpc.system.chain());
      expect(chainName.toString()).toBe('kusama_local_testnet');
      expect(lines.some((l) => l.startsWith('chain health check failed'))).toBe(true);
      expect(lines.some((l) => l.startsWith('chain endpoint switched'))).toBe(true);
    } finally {
      // Ends the hung socket now, so the abandoned client's calls settle within this test.
      await proxy.close();
      await conn.close();
    }
  });

  it('times out a hanging one-shot call', async () => {
    const conn = await ChainConnection.connect({ endpoints: [chain.endpoint], healthIntervalMs: 0 });
    try {
      const never = conn.call('hang', () => new Promise<never>(() => undefined), 50);
      await expect(never).rejects.toThrow('hang timed out after 50 ms');
    } finally {
      await conn.close();
    }
  });

  it('fails when no endpoint answers', async () => {
    await expect(ChainConnection.connect({ endpoints: ['ws://127.0.0.1:1'], connectTimeoutMs: 2_000 })).rejects.toThrow(
      'no chain endpoint reachable (ws://127.0.0.1:1)',
    );
  });
});
