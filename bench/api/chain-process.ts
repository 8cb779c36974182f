/**
 * The local Kusama Asset Hub of bench:api, as its own process: the real runtime in Chopsticks
 * (src/chain/dev-chain-server.ts, as `npm run dev-chain` and the tests run it), in Manual mode:
 * blocks come only when asked for (the set-up's connection builds them as its extrinsics wait,
 * the round case for its seed), so that no block building competes with a measurement unasked.
 * Prints `chain ready <endpoint>`; stops on SIGTERM.
 */
import { startDevChainServer } from '../../src/chain/dev-chain-server.js';
import { devChainSpecPath } from '../../test/support/dev-chain.js';

const server = await startDevChainServer({
  specPath: devChainSpecPath('asset-hub'),
  host: '127.0.0.1',
  port: 0,
  mode: 'Manual',
});
console.log(`chain ready ${server.endpoint}`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
