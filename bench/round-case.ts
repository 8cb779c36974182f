/**
 * One benchmark case in its own process (forked by round.bench.ts), so its memory peak is its
 * own: builds a round for `delegators` synthetic delegations against one runtime, sends nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Ss58AddressCodec } from '../src/chain/address-codec.js';
import { loadOfflineRegistry } from '../src/chain/offline-calls.js';
import { planRound } from '../src/domain/rounds/plan-round.js';
import type { CaseInput, CaseResult, PhaseTimes } from './bench-types.js';
import { snapshotFromFixture } from './fixture-snapshot.js';
import { MemorySampler } from './memory-sampler.js';
import { assembleBatches, buildItemCosts, encoderOf, packItems } from './round-phases.js';
import { syntheticDelegations } from './synthetic-delegations.js';

const ROTATION_ERAS = 28;

function timed<T>(phases: Partial<PhaseTimes>, phase: keyof PhaseTimes, sampler: MemorySampler, run: () => T): T {
  sampler.sample();
  const start = performance.now();
  const result = run();
  phases[phase] = performance.now() - start;
  sampler.sample();
  return result;
}

export async function runCase(input: CaseInput): Promise<CaseResult> {
  await cryptoWaitReady();
  const runtime = loadOfflineRegistry(new Uint8Array(readFileSync(input.metadataPath)), {
    ss58Prefix: input.ss58Prefix,
  });
  const codec = new Ss58AddressCodec(input.ss58Prefix);
  // Made once per runtime in the service too (nominationEncoderFor), before any round.
  const encoder = encoderOf(runtime);
  const delegations = syntheticDelegations(input.delegators, input.ss58Prefix);
  const baselineRssBytes = process.memoryUsage().rss;
  const sampler = new MemorySampler();
  const phases: Partial<PhaseTimes> = {};

  const { evaluations, view } = timed(phases, 'snapshot', sampler, () =>
    snapshotFromFixture(input.fixturePath, codec, input.commissionCapPercent),
  );
  const plan = timed(phases, 'draw', sampler, () =>
    planRound({
      delegations,
      evaluations,
      activeEra: view.activeEra,
      seed: `0x${randomBytes(32).toString('hex')}`,
      targetsPerDelegator: input.targetsPerDelegator,
      rotationEras: ROTATION_ERAS,
    }),
  );
  if (plan.kind !== 'plan') throw new Error(`the draw planned nothing: ${plan.note}`);
  const items = plan.selections.map((s) => ({ stash: s.stash, targets: s.targets }));
  const costs = timed(phases, 'build', sampler, () => buildItemCosts(encoder, items, input.perItem, sampler));
  const { groups, limits } = timed(phases, 'pack', sampler, () =>
    packItems(runtime, encoder, costs, input.base, input.safetyMarginPercent),
  );
  const longestBatchBytes = timed(phases, 'assemble', sampler, () =>
    assembleBatches(encoder, items, groups, limits.length, sampler),
  );
  const memory = sampler.stop();
  const phasesMs = phases as PhaseTimes;

  return {
    runtime: input.runtime,
    delegators: input.delegators,
    phasesMs,
    totalMs: Object.values(phasesMs).reduce((a, b) => a + b, 0),
    baselineRssBytes,
    ...memory,
    candidatesListed: evaluations.length,
    eligiblePool: evaluations.filter((e) => e.eligible).length,
    selections: plan.selections.length,
    batchSizes: groups.map((g) => g.length),
    longestBatchBytes,
    itemBytes: Number(costs[0]?.length ?? 0n),
    limits,
  };
}

process.once('message', (input: CaseInput) => {
  runCase(input).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (error: unknown) =>
      process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
        process.exit(1),
      ),
  );
});
