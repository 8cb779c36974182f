import type { KeyringPair } from '@polkadot/keyring/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { expect } from 'vitest';

import { PrismaDelegationRepository } from '../../src/db/delegation.repository.js';
import type { PrismaClient } from '../../src/db/prisma-client.js';
import { KSM, type DevChain } from './dev-chain.js';
import { httpJson } from './http-json.js';
import { explained } from './service-logs.js';
import { until, type ServiceProcess } from './service-processes.js';

/**
 * The steps the fault tests share: stakers set up on the local chain (bonded, the operator their
 * Staking proxy) and enrolled as delegations, an admin round, the moment to inject a fault (a
 * signed batch waiting in the pool while the test holds the blocks back), and the checks that the
 * round finished with every nomination sent exactly once.
 */

export interface Stakers {
  operator: KeyringPair;
  /** Candidate validators (not elected in the active era). */
  validators: KeyringPair[];
  delegators: KeyringPair[];
}

/**
 * Validators (the candidates), the operator and delegators that bonded 100 KSM and gave the
 * operator their Staking proxy, with their own extrinsics (different signers share blocks).
 */
export async function prepareStakers(
  chain: DevChain,
  input: { label: string; operatorSeed: string; validators: number; delegators: number },
): Promise<Stakers> {
  const pair = (uri: string) => chain.keyring.addFromUri(uri);
  const operator = pair(input.operatorSeed);
  const validators = Array.from({ length: input.validators }, (_, i) => pair(`//${input.label}//V${i}`));
  const delegators = Array.from({ length: input.delegators }, (_, i) => pair(`//${input.label}//D${i}`));
  await Promise.all(validators.map((v) => chain.createValidator(v, { commission: 0, blocked: false })));
  await chain.fund([operator.address, ...delegators.map((d) => d.address)], 1_000);
  const setups = await Promise.all(
    delegators.map((d) =>
      chain.submit(
        chain.api.tx.utility.batchAll([
          chain.api.tx.staking.bond(100n * KSM, 'Staked'),
          chain.api.tx.proxy.addProxy(operator.address, 'Staking', 0),
        ]),
        d,
      ),
    ),
  );
  expect(setups.map((s) => s.error)).toEqual(delegators.map(() => null));
  return { operator, validators, delegators };
}

/** Records the stashes as opted in (pending), as the API would; the service's watcher makes them active. */
export async function enrol(prisma: PrismaClient, stashes: string[]): Promise<void> {
  const delegations = new PrismaDelegationRepository(prisma);
  for (const stash of stashes)
    await delegations.transition({
      stash,
      expectedFrom: null,
      to: 'pending',
      reason: 'test opt-in',
      source: 'api',
      at: new Date(),
    });
}

export async function waitActive(
  prisma: PrismaClient,
  stashes: string[],
  procs: ServiceProcess[],
  timeoutMs = 90_000,
): Promise<void> {
  await explained(procs, () =>
    until(
      `the ${stashes.length} delegations to become active`,
      async () =>
        (await prisma.delegation.count({ where: { stash: { in: stashes }, status: 'active' } })) === stashes.length
          ? true
          : undefined,
      { timeoutMs, intervalMs: 250 },
    ),
  );
}

/**
 * Waits for the API process to be ready: it answers HTTP before its chain connection is up (chain
 * work is refused with 503 meanwhile), so a test that needs the chain through the API waits here.
 */
export async function waitReady(base: string, procs: ServiceProcess[], timeoutMs = 120_000): Promise<void> {
  await explained(procs, () =>
    until(
      `${base}/health/ready to answer 200`,
      async () => {
        const res = await fetch(`${base}/health/ready`);
        if (res.status === 200) return true;
        throw new Error(`${res.status} ${await res.text()}`);
      },
      { timeoutMs, intervalMs: 250 },
    ),
  );
}

/** POST /v1/admin/rounds (not a dry run); returns the round's id. */
export async function startAdminRound(base: string, adminToken: string): Promise<bigint> {
  const res = await httpJson(
    'POST',
    `${base}/v1/admin/rounds`,
    { dryRun: false },
    {
      authorization: `Bearer ${adminToken}`,
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return BigInt(res.body.round.id as string);
}

export const operatorNonce = async (chain: DevChain, operator: string) =>
  (await chain.api.query.system.account(operator)).nonce.toNumber();

const poolSize = async (chain: DevChain) => (await chain.api.rpc.author.pendingExtrinsics()).length;

/**
 * With block production held back by the test (`chain.setAutoBuild(false)`), waits until the round
 * has signed a batch that now waits in the pool: the fault lands after a batch was signed and sent
 * and before its inclusion was recorded. Returns that batch's index.
 */
export async function waitForSignedRoundBatch(
  chain: DevChain,
  prisma: PrismaClient,
  roundId: bigint,
  procs: ServiceProcess[],
): Promise<number> {
  return explained(procs, () =>
    until(
      `round ${roundId} to sign a batch and send it (held in the pool)`,
      async () => {
        const signed = await prisma.roundBatch.findFirst({ where: { roundId, status: 'signed' } });
        return signed && (await poolSize(chain)) > 0 ? signed.index : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    ),
  );
}

/** The same for a payout sweep's batch. Returns its id. */
export async function waitForSignedPayoutBatch(
  chain: DevChain,
  prisma: PrismaClient,
  procs: ServiceProcess[],
): Promise<bigint> {
  return explained(procs, () =>
    until(
      'a payout batch signed and sent (held in the pool)',
      async () => {
        const signed = await prisma.payoutBatch.findFirst({ where: { status: 'signed' } });
        return signed && (await poolSize(chain)) > 0 ? signed.id : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    ),
  );
}

export async function waitRoundCompleted(
  prisma: PrismaClient,
  roundId: bigint,
  procs: ServiceProcess[],
  timeoutMs = 150_000,
): Promise<void> {
  await explained(procs, async () => {
    try {
      await until(
        `round ${roundId} to complete`,
        async () =>
          (await prisma.round.findUnique({ where: { id: roundId } }))?.status === 'completed' ? true : undefined,
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      const round = await prisma.round.findUnique({ where: { id: roundId } }).catch(() => null);
      const batches = await prisma.roundBatch
        .findMany({ where: { roundId }, orderBy: { index: 'asc' } })
        .catch(() => []);
      const state = batches.map((b) => `#${b.index} ${b.status} nonce=${b.nonce} error=${b.error}`).join('; ');
      // What the processes last said about this round (its progress lines are info, not warnings).
      const about = procs
        .flatMap((p) => p.output().split('\n'))
        .filter((l) => l.includes(`"roundId":"${roundId}"`) || l.includes(`round-${roundId}`))
        .slice(-12)
        .map((l) => (l.length > 500 ? `${l.slice(0, 500)}…` : l));
      throw new Error(
        `${(error as Error).message}\nround: ${round?.status ?? '?'}; batches: ${state}\n` +
          `last lines about round ${roundId}:\n${about.join('\n')}`,
        { cause: error },
      );
    }
  });
}

/**
 * Every extrinsic the operator ever signed is a batch recorded in the database, each once: the
 * operator's nonce on chain (a fresh account, so from 0) equals the number of recorded round and
 * payout batches, whose nonces are exactly 0…n-1. A batch sent twice would raise the nonce more.
 */
export async function expectOperatorNonceMatchesRecords(chain: DevChain, prisma: PrismaClient, operator: string) {
  const rounds = await prisma.roundBatch.findMany({ where: { nonce: { not: null } }, select: { nonce: true } });
  const payouts = await prisma.payoutBatch.findMany({ where: { nonce: { not: null } }, select: { nonce: true } });
  const nonces = [...rounds, ...payouts].map((b) => b.nonce!).sort((a, b) => a - b);
  const onChain = await operatorNonce(chain, operator);
  expect(onChain, `operator nonce on chain vs extrinsics recorded (nonces ${nonces.join(',')})`).toBe(nonces.length);
  expect(nonces).toEqual(nonces.map((_, i) => i));
}

/**
 * The round finished with every delegator nominated once, in one included batch each, and the
 * chain holds exactly the targets the database recorded.
 */
export async function expectRoundDeliveredOnce(
  chain: DevChain,
  prisma: PrismaClient,
  roundId: bigint,
  input: { delegators: string[]; perBatch: number },
) {
  const batches = await prisma.roundBatch.findMany({ where: { roundId }, orderBy: { index: 'asc' } });
  expect(batches.map((b) => [b.index, b.status, b.error])).toEqual(batches.map((b) => [b.index, 'included', null]));
  expect(batches).toHaveLength(Math.ceil(input.delegators.length / input.perBatch));
  const selections = await prisma.roundSelection.findMany({ where: { roundId } });
  expect(selections.map((s) => s.stash).sort()).toEqual([...input.delegators].sort());
  for (const s of selections) {
    expect({ stash: s.stash, status: s.status, error: s.error }).toEqual({
      stash: s.stash,
      status: 'succeeded',
      error: null,
    });
    const onChain = (await chain.api.query.staking.nominators(s.stash)).toJSON() as { targets: string[] } | null;
    expect(onChain?.targets.map((t) => encodeAddress(t, 2)).sort(), s.stash).toEqual([...s.targets].sort());
    const delegation = await prisma.delegation.findUnique({ where: { stash: s.stash } });
    expect(delegation?.targets, s.stash).toEqual(s.targets);
  }
}
