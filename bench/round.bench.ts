/**
 * `npm run bench`: builds a nomination round (snapshot, draw, call building, batch packing; nothing is
 * sent) for 10,000 and 100,000 delegators against the dev chain's runtime and Kusama Asset Hub's
 * metadata, and prints time, memory, batching and fees. See bench/README.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Ss58AddressCodec } from '../src/chain/address-codec.js';
import { loadOfflineRegistry } from '../src/chain/offline-calls.js';
import { eligibleInactive } from '../src/domain/candidates/evaluate-candidates.js';
import type { NominationItem } from '../src/domain/ports.js';
import type { Planck } from '../src/domain/shared/types.js';
import { ASSET_HUB_ITEM_ESTIMATE, assetHubBase, assetHubFeeGap } from './asset-hub-costs.js';
import type { CaseInput, CaseResult, WeightCost } from './bench-types.js';
import { DevChainCosts } from './dev-chain-costs.js';
import { startDevChainApi } from './dev-chain-api.js';
import { snapshotFromFixture } from './fixture-snapshot.js';
import { forkCase } from './fork-case.js';
import { count, mb, ms, renderTable, saving, share, tokens } from './report-format.js';
import { offlineExtrinsicLimits } from './round-phases.js';
import { syntheticStash } from './synthetic-delegations.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const FIXTURE = path.join(shared, 'fixtures/1kv-kusama-candidates-2022-07-01.json');
const DEV_GENESIS = path.join(shared, 'chain/kusama-v1.0.0-local.json');
const ASSET_HUB_METADATA = path.join(shared, 'chain/metadata/asset-hub-kusama-statemine-2003000.scale');
const SS58_PREFIX = 2;
/** The service's defaults: COMMISSION_CAP_PERCENT, the nomination writer's safety margin. */
const COMMISSION_CAP_PERCENT = 15;
const SAFETY_MARGIN_PERCENT = 75;

function intList(name: string, fallback: string, min: number, max: number): number[] {
  const raw = process.env[name]?.trim() || fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
    process.stderr.write(`[bench] ${name} must be integers from ${min} to ${max}, comma-separated; got "${raw}"\n`);
    process.exit(2);
  }
  return values;
}

const DELEGATORS = intList('BENCH_DELEGATORS', '10000,100000', 1, 1_000_000);
const [TARGETS] = intList('BENCH_TARGETS', '4', 1, 24) as [number];

interface FeeFigures {
  batchedPerDelegator: Planck;
  singlePerDelegator: Planck;
  roundBatched: Planck;
}

interface Row {
  result: CaseResult;
  fees: FeeFigures | null;
  note: string | null;
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  await cryptoWaitReady();
  const started = performance.now();
  const codec = new Ss58AddressCodec(SS58_PREFIX);
  const pool = eligibleInactive(snapshotFromFixture(FIXTURE, codec, COMMISSION_CAP_PERCENT).evaluations);
  // Weights and fees depend on the number of targets, not on which: any eligible ones will do.
  const sample = (size: number): NominationItem[] =>
    Array.from({ length: size }, (_, i) => ({
      stash: syntheticStash(10_000_000 + i, SS58_PREFIX),
      targets: pool.slice(0, TARGETS),
    }));
  const common = {
    fixturePath: FIXTURE,
    ss58Prefix: SS58_PREFIX,
    targetsPerDelegator: TARGETS,
    commissionCapPercent: COMMISSION_CAP_PERCENT,
    safetyMarginPercent: SAFETY_MARGIN_PERCENT,
  };
  const tmp = mkdtempSync(path.join(tmpdir(), 'ndest-bench-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    rows.push(...(await devChainCases(tmp, common, sample, notes)));
    rows.push(...(await assetHubCases(common, notes)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  print(rows, notes, performance.now() - started);
}

type Common = Omit<CaseInput, 'runtime' | 'metadataPath' | 'delegators' | 'base' | 'perItem'>;

async function devChainCases(
  tmp: string,
  common: Common,
  sample: (size: number) => NominationItem[],
  notes: string[],
): Promise<Row[]> {
  progress('starting the dev chain (Chopsticks, kusama-v1.0.0-local.json)');
  const chain = await startDevChainApi(DEV_GENESIS);
  try {
    const { api } = chain;
    const version = api.runtimeVersion;
    const runtime = `dev ${version.specName.toString()} ${version.specVersion.toNumber()}`;
    const metadataPath = path.join(tmp, 'dev-chain-metadata.scale');
    writeFileSync(metadataPath, (await api.rpc.state.getMetadata()).toU8a());
    const signer = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).addFromUri('//Alice').address;
    const costs = new DevChainCosts(api, signer, sample);
    const { base, perItem } = await costs.baseAndPerItem();
    const single = await costs.single();
    const symbol = api.registry.chainTokens[0] ?? 'KSM';
    const decimals = api.registry.chainDecimals[0] ?? 12;

    const rows: Row[] = [];
    let largest: { size: number; weight: WeightCost; limits: CaseResult['limits'] } | null = null;
    for (const delegators of DELEGATORS) {
      progress(`${runtime} × ${count(delegators)} delegators`);
      const result = await forkCase({ ...common, runtime, metadataPath, delegators, base, perItem }, repoRoot);
      let roundBatched = 0n;
      for (const size of result.batchSizes) roundBatched += (await costs.batch(size)).fee;
      const biggest = Math.max(...result.batchSizes);
      if (!largest || biggest > largest.size) {
        largest = { size: biggest, weight: (await costs.batch(biggest)).weight, limits: result.limits };
      }
      rows.push({
        result,
        fees: { batchedPerDelegator: roundBatched / BigInt(delegators), singlePerDelegator: single.fee, roundBatched },
        note: null,
      });
    }
    notes.push(
      `${runtime}: weights and fees measured by the runtime (paymentInfo of utility.forceBatch with 1 and 8 ` +
        `items, proxy.proxy(nominate(${common.targetsPerDelegator}))): per item ${describe(perItem)}, batch base ${describe(base)}; ` +
        `one delegator alone: ${describe(single.weight)}, fee ${tokens(single.fee, decimals, symbol, 12)}. ` +
        `Fees batched = the sum of paymentInfo fees of the round's batches / delegators.`,
    );
    if (largest) {
      notes.push(
        `${runtime}: the largest batch (${largest.size} items) measured by paymentInfo uses ` +
          `${share(largest.weight.refTime, largest.limits.refTime)} of the ref-time budget ` +
          `(${common.safetyMarginPercent}% of maxExtrinsic = ${count(largest.limits.refTime)}).`,
      );
    }
    return rows;
  } finally {
    progress('stopping the dev chain');
    await chain.stop();
  }
}

async function assetHubCases(common: Common, notes: string[]): Promise<Row[]> {
  const runtimeInfo = loadOfflineRegistry(new Uint8Array(readFileSync(ASSET_HUB_METADATA)), {
    ss58Prefix: SS58_PREFIX,
  });
  const version = runtimeInfo.decorated.consts.system?.version as unknown as {
    specName: { toString(): string };
    specVersion: { toNumber(): number };
  };
  const runtime = `asset-hub ${version.specName.toString()} ${version.specVersion.toNumber()}`;
  const base = assetHubBase(runtimeInfo);
  const limits = offlineExtrinsicLimits(runtimeInfo);
  const feeGap = assetHubFeeGap(runtimeInfo);
  const rows: Row[] = [];
  for (const delegators of DELEGATORS) {
    progress(`${runtime} × ${count(delegators)} delegators`);
    const result = await forkCase(
      { ...common, runtime, metadataPath: ASSET_HUB_METADATA, delegators, base, perItem: ASSET_HUB_ITEM_ESTIMATE },
      repoRoot,
    );
    rows.push({ result, fees: null, note: feeGap });
  }
  notes.push(
    `${runtime} (metadata only, offline): per-item weight is the benchmark-weight ESTIMATE of KUSAMA.md for ` +
      `proxy.proxy(nominate(24)) (${describe(ASSET_HUB_ITEM_ESTIMATE)}), not measured, an upper bound for ` +
      `${common.targetsPerDelegator} targets; batch base = system.blockWeights.perClass.normal.baseExtrinsic ` +
      `(${describe(base)}); maxExtrinsic ${describe(limits)}, blockLength.max.normal ${count(limits.length)} bytes.`,
    `${runtime}: fees n/a: ${feeGap}.`,
  );
  return rows;
}

function describe(weight: WeightCost): string {
  return `refTime ${count(weight.refTime)} (${(Number(weight.refTime) / 1e9).toFixed(3)} ms), proof ${count(weight.proofSize)} B`;
}

function print(rows: Row[], notes: string[], elapsedMs: number): void {
  const timing = renderTable(
    [
      'runtime',
      'delegators',
      'snapshot ms',
      'draw ms',
      'build ms',
      'pack ms',
      'assemble ms',
      'total ms',
      'base RSS MB',
      'peak RSS MB',
      'peak heap MB',
    ],
    rows.map(({ result: r }) => [
      r.runtime,
      count(r.delegators),
      ms(r.phasesMs.snapshot),
      ms(r.phasesMs.draw),
      ms(r.phasesMs.build),
      ms(r.phasesMs.pack),
      ms(r.phasesMs.assemble),
      ms(r.totalMs),
      mb(r.baselineRssBytes),
      mb(r.peakRssBytes),
      mb(r.peakHeapBytes),
    ]),
  );
  const batching = renderTable(
    [
      'runtime',
      'delegators',
      'calls/extrinsic',
      'extrinsics/round',
      'item bytes',
      'longest batch bytes',
      'fee/delegator batched',
      'fee/delegator single',
      'saving',
      'fee/round batched',
    ],
    rows.map(({ result: r, fees }) => {
      const last = r.batchSizes.at(-1) ?? 0;
      const most = Math.max(0, ...r.batchSizes);
      return [
        r.runtime,
        count(r.delegators),
        last === most ? count(most) : `${count(most)} (last ${count(last)})`,
        count(r.batchSizes.length),
        count(r.itemBytes),
        count(r.longestBatchBytes),
        fees ? tokens(fees.batchedPerDelegator, 12, 'KSM') : 'n/a',
        fees ? tokens(fees.singlePerDelegator, 12, 'KSM') : 'n/a',
        fees ? saving(fees.batchedPerDelegator, fees.singlePerDelegator) : 'n/a',
        fees ? tokens(fees.roundBatched, 12, 'KSM', 6) : 'n/a',
      ];
    }),
  );
  const first = rows[0]?.result;
  const lines = [
    '',
    `Round building, nothing sent: ${first ? `${count(first.candidatesListed)} candidates listed, ${count(first.eligiblePool)} eligible inactive` : ''}` +
      ` (1KV fixture 2022-07-01), ${TARGETS} targets per delegator, every delegator new (full draw), ` +
      `safety margin ${SAFETY_MARGIN_PERCENT}% of each per-extrinsic limit. Each case runs in its own process.`,
    '',
    'Time and memory (phases: snapshot = parse + evaluate candidates; draw = planRound; build = every item call',
    'and its encoded length; pack = packBatches; assemble = every utility.forceBatch call of the round)',
    timing,
    '',
    'Batching and fees',
    batching,
    '',
    'Notes',
    ...notes.map((note) => `- ${note}`),
    `- peak RSS = the child process's kernel high-water mark (includes the loaded metadata and the generated delegations, see base RSS); peak heap = sampled heapUsed.`,
    `- wall time of the whole benchmark: ${(elapsedMs / 1000).toFixed(1)} s; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${availableParallelism()} cores (timings are wall-clock and include contention).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
