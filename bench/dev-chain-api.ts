import { ApiPromise, WsProvider } from '@polkadot/api';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';

export interface DevChainApi {
  api: ApiPromise;
  stop(): Promise<void>;
}

/**
 * A local chain executing the runtime of `specPath` (relay or Asset Hub; Chopsticks in this process, free
 * loopback port) with an ApiPromise connected to it.
 */
export async function startDevChainApi(specPath: string): Promise<DevChainApi> {
  // Manual: nothing is sent, so no block is built behind the benchmark's back.
  const server = await startDevChainServer({ specPath, mode: 'Manual', logLevel: 'error' });
  try {
    const api = await ApiPromise.create({ provider: new WsProvider(server.endpoint), noInitWarn: true });
    return {
      api,
      stop: async () => {
        await api.disconnect();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
