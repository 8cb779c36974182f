/**
 * `npm run demo`: NDeST on a local Kusama Asset Hub, for a first look without a wallet or real KSM.
 *
 * Starts the chain (a real Asset Hub runtime in Chopsticks, from genesis), validators of "the
 * programme" with names and their candidate list, three funded demo accounts and the operator,
 * a control server that drives the chain's eras, then the service as `npm start` runs it, in
 * demo mode (DEMO_CONTROL_URL): the web app offers the demo accounts as a built-in signer and an
 * "Advance era" button. Prints the app's URL; Ctrl-C stops everything.
 *
 * Environment (all optional): DEMO_PORT (the app's port, default 3000, 0: any free one),
 * DEMO_CHAIN_PORT (the chain's, default: any free one), DATABASE_URL and REDIS_URL (the servers,
 * as for `npm start`), DEMO_DATABASE (default ndest_demo) and DEMO_QUEUE_PREFIX (default
 * ndest-demo): the demo's own, emptied at every start, since its chain starts from genesis.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevChainServer } from '../src/chain/dev-chain-server.js';
import { connectDevChain, devChainSpecPath, type DevChain } from '../test/support/dev-chain.js';
import { startControlServer, type ControlServer } from './demo/control-server.js';
import { candidateList, setUpDemoWorld } from './demo/demo-chain.js';
import { pickServicePort, startDemoService, waitUntilReady, type DemoService } from './demo/demo-service.js';
import { prepareDemoStorage, type DemoStorage } from './demo/demo-storage.js';

const log = (line: string) => console.log(`demo: ${line}`);
const cleanup: Array<() => Promise<unknown>> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  // Last started, first stopped: the service before the chain and the servers it talks to.
  for (const step of cleanup.reverse()) await step().catch((e: unknown) => log(`stopping: ${(e as Error).message}`));
  process.exit(code);
}
const onSignal = (signal: string) => {
  if (stopping) return;
  log(`${signal}: stopping`);
  void stopAll(0);
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

function chainPort(raw: string | undefined): number {
  const port = raw === undefined || raw.trim() === '' ? 0 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`DEMO_CHAIN_PORT must be a port number, got "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  const appPort = await pickServicePort(process.env.DEMO_PORT, log);
  const storage: DemoStorage = await prepareDemoStorage(process.env, log);
  cleanup.push(() => storage.stop());

  log('starting the local Kusama Asset Hub (a real runtime in Chopsticks)…');
  const server = await startDevChainServer({
    specPath: devChainSpecPath('asset-hub'),
    host: '127.0.0.1',
    port: chainPort(process.env.DEMO_CHAIN_PORT),
    // Blocks are built here, when extrinsics wait (and never during a storage edit of an era change).
    mode: 'Manual',
  });
  // A block at least every 2 s, as a live chain keeps producing them: a round's seed is a block after its commitment.
  const chain: DevChain = await connectDevChain(server.endpoint, { mode: 'Manual', idleBlockMs: 2_000, server });
  cleanup.push(() => chain.close());
  log(`chain: ${chain.endpoint}`);

  const world = await setUpDemoWorld(chain, log);
  const control: ControlServer = await startControlServer({
    chain,
    accounts: world.accounts,
    candidates: candidateList(world.programme),
    log,
  });
  cleanup.push(() => control.close());

  const adminToken = randomBytes(24).toString('base64url');
  const base = `http://127.0.0.1:${appPort}`;
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ndest-demo-')), 'service.log');
  const service: DemoService = startDemoService(
    {
      NETWORK: 'kusama',
      HOST: '127.0.0.1',
      PORT: String(appPort),
      DATABASE_URL: storage.databaseUrl,
      REDIS_URL: storage.redisUrl,
      QUEUE_PREFIX: storage.queuePrefix,
      CHAIN_ENDPOINTS: chain.endpoint,
      WEB_CHAIN_ENDPOINT: chain.endpoint,
      OPERATOR_SEED: world.operator.uri,
      OPERATOR_ADDRESS: world.operator.address,
      ADMIN_TOKEN: adminToken,
      CANDIDATES_URL: control.candidatesUrl,
      CANDIDATES_FILE: '',
      // Four of six programme validators entering the active set moves the eligible set by far
      // more than a live programme's: no hold for an admin's confirmation in the demo.
      CANDIDATES_MAX_CHANGE_PERCENT: '10000',
      DEMO_CONTROL_URL: control.url,
      // Eras come when the button is pressed: the service notices within seconds.
      ERA_POLL_MS: '2000',
      WATCH_INTERVAL_MS: '3000',
      INDEX_INTERVAL_MS: '1000',
      PAYOUT_INTERVAL_MS: '15000',
      GOVERNANCE_TICK_MS: '2000',
      POOLS_TICK_MS: '2000',
      COLLECTIVES_TICK_MS: '2000',
    },
    logFile,
  );
  cleanup.push(() => service.stop());
  log(`starting the service (its log: ${logFile})…`);
  await waitUntilReady(base, service);
  void service.exited.then((how) => {
    if (stopping) return;
    log(`the service stopped (${how}); its last lines:\n${service.tail().slice(-3_000)}`);
    void stopAll(1);
  });

  console.log(
    [
      '',
      `NDeST demo ready: ${base}`,
      '',
      `  Open ${base} and press "Use demo accounts" (test keys of this local chain, nothing real).`,
      '  Pick Demo 1, join NDeST, then press "Advance era" in the demo panel: the new era starts a',
      '  round that nominates your account; the next era elects the validators it backs; the one',
      '  after pays that era, and the rewards show in My staking.',
      '',
      `  chain:       ${chain.endpoint}`,
      `  admin token: ${adminToken}   (Authorization: Bearer …, for /v1/admin; API docs at ${base}/docs)`,
      `  service log: ${logFile}`,
      '',
      '  Ctrl-C stops the demo: the service, then the chain.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`demo: could not start: ${(error as Error).message}`);
  void stopAll(1);
});
