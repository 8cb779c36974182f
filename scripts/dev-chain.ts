/**
 * A local Kusama dev chain (real runtime in Chopsticks) on 127.0.0.1, for running the service by hand:
 *   tsx scripts/dev-chain.ts
 * DEV_CHAIN_PORT (default 9944), NDEST_CHAIN_SPEC (default ../shared/chain/kusama-v1.0.0-local.json,
 * relative to the repository root). Blocks are built as extrinsics arrive. Stops on SIGINT/SIGTERM.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.DEV_CHAIN_PORT ?? 9944);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`DEV_CHAIN_PORT must be a port number, got "${process.env.DEV_CHAIN_PORT}"`);
  process.exit(2);
}
const specPath = path.resolve(repoRoot, process.env.NDEST_CHAIN_SPEC ?? '../shared/chain/kusama-v1.0.0-local.json');

const server = await startDevChainServer({ specPath, host: '127.0.0.1', port });
// Chopsticks moves to the next free port when the asked one is taken: print the real one.
console.log(`dev chain ready: ${server.endpoint} (spec ${path.relative(repoRoot, specPath)})`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping dev chain`);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
