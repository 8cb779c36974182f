import type { KeyringPair } from '@polkadot/keyring/types';
import { expect } from 'vitest';
import { KSM, type DevChain } from './dev-chain.js';
import { httpJson } from './http-json.js';
import { until } from './service-processes.js';
import { testRedisUrl, uniquePrefix } from './test-env.js';
import { optInThroughApi } from './wallet-opt-in.js';

/** The steps the end-to-end tests share: the service's environment, joining, a round, the rewards' CSV. */

export interface ServiceEnvInput {
  label: string;
  databaseUrl: string;
  chain: DevChain;
  operatorSeed: string;
  adminToken: string;
  candidatesUrl: string;
  port: number;
  /** Schedules and anything else this test needs otherwise. */
  overrides?: Record<string, string>;
}

/** The environment of the service's processes under test (its own database, queue prefix and port). */
export function serviceEnv(input: ServiceEnvInput): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: uniquePrefix(input.label),
    CHAIN_ENDPOINTS: input.chain.endpoint,
    OPERATOR_SEED: input.operatorSeed,
    // The API process gets only this (service-processes.ts); the worker checks it against the seed.
    OPERATOR_ADDRESS: input.chain.keyring.addFromUri(input.operatorSeed).address,
    ADMIN_TOKEN: input.adminToken,
    CANDIDATES_URL: input.candidatesUrl,
    PORT: String(input.port),
    CANDIDATES_REFRESH_MS: '600000',
    JOB_LOCK_MS: '3000',
    ...input.overrides,
  };
}

/** Funds each account with `fundKsm` and bonds `bondKsm` of it (`Staked`), with the account's own signature. */
export async function fundAndBond(chain: DevChain, pairs: KeyringPair[], fundKsm: number, bondKsm: bigint) {
  for (const p of pairs) {
    await chain.fund([p.address], fundKsm);
    expect((await chain.submit(chain.api.tx.staking.bond(bondKsm * KSM, 'Staked'), p)).error).toBeNull();
  }
}

/** Wallets opt in and sign their setup calls; once all are active, an admin round nominates them. Returns the round. */
export async function joinAndRunRound(
  chain: DevChain,
  base: string,
  adminToken: string,
  pairs: KeyringPair[],
): Promise<any> {
  const get = (path: string) => httpJson('GET', `${base}${path}`);
  for (const p of pairs) await optInThroughApi(chain, base, p);
  for (const p of pairs)
    await until(`${p.address} active`, async () =>
      (await get(`/v1/delegations/${p.address}`)).body.delegation.status === 'active' ? true : undefined,
    );
  const started = await httpJson(
    'POST',
    `${base}/v1/admin/rounds`,
    { dryRun: false },
    { authorization: `Bearer ${adminToken}` },
  );
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return until('the round completed', async () => {
    const body = (await get(`/v1/rounds/${started.body.round.id}`)).body;
    return body.round.status === 'completed' ? body : undefined;
  });
}

/** The CSV of a stash's rewards lists the same rows as the JSON, and its planck column adds up to the total. */
export async function expectRewardsCsv(base: string, address: string, json: { rewards: unknown[]; total: string }) {
  const csv = await fetch(`${base}/v1/delegations/${address}/rewards?format=csv`);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toBe(
    'era,validator,amount_planck,amount_ksm,destination,block_number,block_hash,extrinsic_hash,paid_by',
  );
  expect(lines).toHaveLength(json.rewards.length + 1);
  const planckColumn = lines.slice(1).map((l) => BigInt(l.split(',')[2]!));
  expect(planckColumn.reduce((a, b) => a + b, 0n)).toBe(BigInt(json.total));
}
