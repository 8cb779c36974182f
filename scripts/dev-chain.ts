/**
 * A local Kusama chain (a real runtime in Chopsticks) on 127.0.0.1, for running the service by hand:
 *
 *   npm run dev-chain                          Kusama Asset Hub 2000002 (staking-async): the default
 *   npm run dev-chain -- --runtime relay       the 2023 Kusama relay runtime (legacy pallet-staking)
 *   npm run dev-chain -- --era-every 120       also starts a new era every 120 s (injected election results)
 *   npm run dev-chain -- --offchain-worker     runs the offchain worker, for `npm run dev-era -- --real`
 *
 * Environment: NDEST_DEV_RUNTIME (asset-hub | relay), DEV_CHAIN_PORT (default 9944), NDEST_CHAIN_SPEC
 * (a chain spec path relative to the repository root, instead of ../shared/chain). Blocks are built
 * as extrinsics arrive, and an empty one after 6 s without any. Stops on SIGINT/SIGTERM.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';
import { activeSetPoints, advanceEra } from '../test/support/chain-era.js';
import { connectDevChain, devChainSpecPath, type DevRuntime } from '../test/support/dev-chain.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    runtime: { type: 'string' },
    'era-every': { type: 'string' },
    'offchain-worker': { type: 'boolean', default: false },
  },
});
const runtime = (values.runtime ?? process.env.NDEST_DEV_RUNTIME ?? 'asset-hub') as DevRuntime;
if (runtime !== 'asset-hub' && runtime !== 'relay') fail(`--runtime must be asset-hub or relay, got "${runtime}"`);
const port = Number(process.env.DEV_CHAIN_PORT ?? 9944);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`DEV_CHAIN_PORT must be a port number, got "${process.env.DEV_CHAIN_PORT}"`);
const eraEvery = values['era-every'] === undefined ? null : Number(values['era-every']);
if (eraEvery !== null && !(Number.isInteger(eraEvery) && eraEvery >= 10))
  fail(`--era-every must be a whole number of seconds, at least 10; got "${values['era-every']}"`);

const specPath = process.env.NDEST_CHAIN_SPEC
  ? path.resolve(repoRoot, process.env.NDEST_CHAIN_SPEC)
  : devChainSpecPath(runtime === 'asset-hub' ? 'asset-hub' : 'v1.0.0');
const server = await startDevChainServer({
  specPath,
  host: '127.0.0.1',
  port,
  offchainWorker: values['offchain-worker'],
});
// Chopsticks moves to the next free port when the asked one is taken: print the real one.
console.log(`dev chain ready: ${server.endpoint} (${runtime}, spec ${path.relative(repoRoot, specPath)})`);

// A candidate list for `npm start` (CANDIDATES_FILE): every validator of the local chain, one stash
// a line; the chain itself decides which are eligible (waiting, not blocked, commission under the cap).
// A block at least every 6 s, as on Kusama: a round's seed comes from a block after its commitment.
const chain = await connectDevChain(server.endpoint, { idleBlockMs: 6_000 });
const candidatesFile = path.join(repoRoot, '.local', 'dev-candidates.txt');
const validators = (await chain.api.query.staking.validators.keys()).map((k) =>
  chain.keyring.encodeAddress(k.args[0]!.toU8a(), chain.api.registry.chainSS58 ?? 2),
);
mkdirSync(path.dirname(candidatesFile), { recursive: true });
writeFileSync(candidatesFile, `${validators.join('\n')}\n`);
console.log(`candidate list: ${path.relative(repoRoot, candidatesFile)} (${validators.length} validators)`);

let timer: NodeJS.Timeout | null = null;
if (eraEvery !== null) {
  // Asset Hub's genesis era elects nobody: start from an era with an active set, like a live chain.
  if (chain.runtime === 'asset-hub') console.log(`era ${await advanceEra(chain)} active`);
  let busy = false;
  timer = setInterval(() => {
    if (busy) return;
    busy = true;
    activeSetPoints(chain)
      .then((rewardPoints) => advanceEra(chain, { rewardPoints }))
      .then((era) => console.log(`era ${era} active`))
      .catch((error: unknown) => console.error(`era change failed: ${(error as Error).message}`))
      .finally(() => (busy = false));
  }, eraEvery * 1000);
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping dev chain`);
  if (timer) clearInterval(timer);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
