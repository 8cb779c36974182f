import { describe, expect, it } from 'vitest';
import { redactEndpoint } from '../../../src/chain/chain-logger.js';
import { ChainTimeoutError, withTimeout } from '../../../src/chain/with-timeout.js';

describe('withTimeout', () => {
  it('passes the value through when the promise settles in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, 'fast')).resolves.toBe(42);
  });

  it('rejects with a labelled ChainTimeoutError when it hangs', async () => {
    const never = new Promise<never>(() => undefined);
    const error = await withTimeout(never, 20, 'system.chain').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainTimeoutError);
    expect((error as ChainTimeoutError).message).toBe('system.chain timed out after 20 ms');
  });

  it('keeps the original rejection', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 1_000, 'x')).rejects.toThrow('boom');
  });
});

describe('redactEndpoint', () => {
  it('hides API keys in the path or query', () => {
    expect(redactEndpoint('wss://asset-hub-kusama-rpc.n.dwellir.com/abc-secret-key')).toBe(
      'wss://asset-hub-kusama-rpc.n.dwellir.com/…',
    );
    expect(redactEndpoint('wss://node.example:443?apikey=secret')).toBe('wss://node.example/…');
    expect(redactEndpoint('ws://127.0.0.1:9944')).toBe('ws://127.0.0.1:9944');
  });
});
