/**
 * `npm run bench`: builds a nomination round (snapshot, draw, call building, batch packing; nothing is
 * sent) for 10,000 and 100,000 delegators against two real Kusama runtimes executing locally (the relay
 * runtime with staking and Kusama Asset Hub with staking-async), and prints time, memory, batching
 * and fees, every weight and fee measured by the runtime itself. See bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Ss58AddressCodec } from '../src/chain/address-codec.js';
import type { ResourceCost } from '../src/chain/batch-packing.js';
import { extrinsicLimits } from '../src/chain/batch-sizing.js';
import { eligibleInactive } from '../src/domain/candidates/evaluate-candidates.js';
import type { NominationItem } from '../src/domain/ports/extrinsics.js';
import type { PayoutItem } from '../src/domain/ports/payouts.js';
import type { Planck } from '../src/domain/shared/types.js';
import type { CaseInput, CaseResult, WeightCost } from './bench-types.js';
import { DevChainCosts } from './dev-chain-costs.js';
import { startDevChainApi } from './dev-chain-api.js';
import { snapshotFromFixture } from './fixture-snapshot.js';
import { forkCase } from './fork-case.js';
import { measurePayouts, type PayoutFigures } from './payout-costs.js';
import { count, mb, ms, renderTable, saving, share, tokens } from './report-format.js';
import { SIGNED_ENVELOPE_BYTES } from './round-phases.js';
import { syntheticStash } from './synthetic-delegations.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const FIXTURE = path.join(shared, 'fixtures/1kv-kusama-candidates-2022-07-01.json');
/**
 * The runtimes, each a chain spec whose genesis holds it, run by Chopsticks in this process. `role`
 * says which chain it is; its name and version are read from the runtime.
 */
const RUNTIMES = [
  { role: 'relay', specPath: path.join(shared, 'chain/kusama-v1.0.0-local.json') },
  { role: 'Asset Hub', specPath: path.join(shared, 'chain/asset-hub-kusama-2000002-local.json') },
] as const;
const SS58_PREFIX = 2;
/** The service's defaults: COMMISSION_CAP_PERCENT, the nomination and payout writers' safety margin. */
const COMMISSION_CAP_PERCENT = 15;
const SAFETY_MARGIN_PERCENT = 75;
/** Payouts offered to the payout sizing: far more than fit in one extrinsic on either runtime. */
const PAYOUT_SAMPLE = 64;

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

interface Unit {
  decimals: number;
  symbol: string;
}

interface Row {
  /** Position of the runtime in RUNTIMES: rows print by round size, then runtime. */
  order: number;
  unit: Unit;
  result: CaseResult;
  batchedPerDelegator: Planck;
  singlePerDelegator: Planck;
  roundBatched: Planck;
  /** The round's largest batch: what it uses of the per-extrinsic limits (with the margin). */
  largest: { size: number; used: ResourceCost };
}

interface PayoutRow {
  runtime: string;
  unit: Unit;
  figures: PayoutFigures;
}

interface RuntimeFigures {
  rows: Row[];
  payout: PayoutRow;
  notes: string[];
}

type Common = Omit<CaseInput, 'runtime' | 'metadataPath' | 'delegators' | 'base' | 'perItem'>;

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
  // A payout is weighed for a full exposure page whoever the validator and whatever the era.
  const payouts: PayoutItem[] = Array.from({ length: PAYOUT_SAMPLE }, (_, i) => ({
    validator: pool[i % pool.length]!,
    era: 1,
    page: 0,
  }));
  const common: Common = {
    fixturePath: FIXTURE,
    ss58Prefix: SS58_PREFIX,
    targetsPerDelegator: TARGETS,
    commissionCapPercent: COMMISSION_CAP_PERCENT,
    safetyMarginPercent: SAFETY_MARGIN_PERCENT,
  };
  const tmp = mkdtempSync(path.join(tmpdir(), 'ndest-bench-'));
  const measured: RuntimeFigures[] = [];
  try {
    for (const [order, spec] of RUNTIMES.entries()) {
      measured.push(await runtimeCases(order, spec, tmp, common, sample, payouts));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  print(measured, performance.now() - started);
}

/** One runtime: its chain runs while its weights and fees are measured and its cases run, then stops. */
async function runtimeCases(
  order: number,
  spec: (typeof RUNTIMES)[number],
  tmp: string,
  common: Common,
  sample: (size: number) => NominationItem[],
  payouts: PayoutItem[],
): Promise<RuntimeFigures> {
  progress(`starting the ${spec.role} chain (Chopsticks, ${path.basename(spec.specPath)})`);
  const chain = await startDevChainApi(spec.specPath);
  try {
    const { api } = chain;
    const version = api.runtimeVersion;
    const runtime = `${spec.role} ${version.specName.toString()} ${version.specVersion.toNumber()}`;
    const unit = { symbol: api.registry.chainTokens[0] ?? 'KSM', decimals: api.registry.chainDecimals[0] ?? 12 };
    const metadataPath = path.join(tmp, `${version.specName.toString()}-${version.specVersion.toNumber()}.scale`);
    writeFileSync(metadataPath, (await api.rpc.state.getMetadata()).toU8a());
    const signer = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).addFromUri('//Alice').address;
    const costs = new DevChainCosts(api, signer, sample);
    const { base, perItem } = await costs.baseAndPerItem();
    const single = await costs.single();

    const rows: Row[] = [];
    for (const delegators of DELEGATORS) {
      progress(`${runtime} × ${count(delegators)} delegators`);
      const result = await forkCase({ ...common, runtime, metadataPath, delegators, base, perItem }, repoRoot);
      let roundBatched = 0n;
      for (const size of result.batchSizes) roundBatched += (await costs.batch(size)).fee;
      const biggest = Math.max(...result.batchSizes);
      const used = {
        ...(await costs.batch(biggest)).weight,
        length: BigInt(result.longestBatchBytes) + SIGNED_ENVELOPE_BYTES,
      };
      rows.push({
        order,
        unit,
        result,
        batchedPerDelegator: roundBatched / BigInt(delegators),
        singlePerDelegator: single.fee,
        roundBatched,
        largest: { size: biggest, used },
      });
    }

    progress(`${runtime}: payout batches`);
    const payout = await measurePayouts(api, payouts, signer, common.safetyMarginPercent);

    const limits = extrinsicLimits(api);
    const notes = [
      `${runtime}: limits from its constants: system.blockWeights.perClass.normal.maxExtrinsic ${describe(limits)}; ` +
        `system.blockLength.max.normal ${count(limits.length)} B; batches may use ${common.safetyMarginPercent}% of each.`,
      `${runtime}: measured by the runtime (paymentInfo of utility.forceBatch with 1 and 8 items of ` +
        `proxy.proxy(stash, Staking, nominate(${common.targetsPerDelegator}))): per item ${describe(perItem)}, ` +
        `batch base ${describe(base)}; one delegator alone (proxy.proxy as its own extrinsic): ` +
        `${describe(single.weight)}, fee ${tokens(single.fee, unit.decimals, unit.symbol, 12)}.`,
      ...rows.map(
        (row) =>
          `${runtime} × ${count(row.result.delegators)}: the largest batch (${count(row.largest.size)} items, ` +
          `weight by paymentInfo) uses ${limitUse(row.largest.used, row.result.limits).all} of those ${common.safetyMarginPercent}% budgets.`,
      ),
      `${runtime}: staking.${payout.kind} weighs ${describe(payout.single.weight)} alone; sizeBatches puts ` +
        `${count(payout.perExtrinsic)} in one utility.forceBatch (of ${count(payout.offered)} offered), which uses ` +
        `${limitUse(payoutUse(payout), payout.limits).all} of the ${common.safetyMarginPercent}% budgets.`,
    ];
    return { rows, payout: { runtime, unit, figures: payout }, notes };
  } finally {
    progress(`stopping the ${spec.role} chain`);
    await chain.stop();
  }
}

const payoutUse = (p: PayoutFigures): ResourceCost => ({
  ...p.batch.weight,
  length: BigInt(p.batchBytes) + SIGNED_ENVELOPE_BYTES,
});

const DIMENSIONS = [
  ['refTime', 'ref time'],
  ['proofSize', 'proof'],
  ['length', 'length'],
] as const;

/** What `used` takes of each limit; `binding`: the dimensions closest to their limit (within half a point). */
function limitUse(used: ResourceCost, limits: ResourceCost): { binding: string; all: string } {
  const shares = DIMENSIONS.map(([key, name]) => ({
    permille: limits[key] > 0n ? (used[key] * 1000n) / limits[key] : 0n,
    text: `${name} ${share(used[key], limits[key])}`,
  }));
  const top = shares.reduce((most, s) => (s.permille > most ? s.permille : most), 0n);
  return {
    binding: shares
      .filter((s) => s.permille + 5n >= top)
      .map((s) => s.text)
      .join(', '),
    all: shares.map((s) => s.text).join(', '),
  };
}

/** A proof-size limit near 2^64 is the relay chain's way of having none. */
const NO_PROOF_LIMIT = 2n ** 63n;

function describe(weight: WeightCost): string {
  const proof = weight.proofSize >= NO_PROOF_LIMIT ? 'no proof limit' : `proof ${count(weight.proofSize)} B`;
  return `refTime ${count(weight.refTime)} (${(Number(weight.refTime) / 1e9).toFixed(3)} ms), ${proof}`;
}

const fee = (amount: Planck, unit: Unit, shown?: number) => tokens(amount, unit.decimals, unit.symbol, shown);

function print(measured: RuntimeFigures[], elapsedMs: number): void {
  // Side by side: for each round size, every runtime.
  const rows = measured
    .flatMap((m) => m.rows)
    .sort((a, b) => a.result.delegators - b.result.delegators || a.order - b.order);
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
      'largest batch: closest limit',
      'fee/delegator batched',
      'fee/delegator single',
      'saving',
      'fee/round batched',
    ],
    rows.map((row) => {
      const r = row.result;
      const last = r.batchSizes.at(-1) ?? 0;
      const most = Math.max(0, ...r.batchSizes);
      return [
        r.runtime,
        count(r.delegators),
        last === most ? count(most) : `${count(most)} (last ${count(last)})`,
        count(r.batchSizes.length),
        limitUse(row.largest.used, r.limits).binding,
        fee(row.batchedPerDelegator, row.unit),
        fee(row.singlePerDelegator, row.unit),
        saving(row.batchedPerDelegator, row.singlePerDelegator),
        fee(row.roundBatched, row.unit, 6),
      ];
    }),
  );
  const payouts = renderTable(
    [
      'runtime',
      'payout call',
      'payouts/extrinsic',
      'batch: closest limit',
      'fee/payout batched',
      'fee/payout single',
      'saving',
    ],
    measured.map(({ payout: { runtime, unit, figures: p } }) => {
      const batched = p.batch.fee / BigInt(Math.max(1, p.perExtrinsic));
      return [
        runtime,
        `staking.${p.kind}`,
        count(p.perExtrinsic),
        limitUse(payoutUse(p), p.limits).binding,
        fee(batched, unit),
        fee(p.single.fee, unit),
        saving(batched, p.single.fee),
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
    "Time and memory (phases: snapshot = parse + evaluate candidates; draw = planRound; build = every item's",
    'addresses decoded and checked and its encoded length, by the nomination encoder as the service sizes;',
    "pack = packBatches; assemble = every utility.forceBatch call's bytes by the encoder, as the writer signs)",
    timing,
    '',
    'Batching and fees (weights and fees by paymentInfo on each runtime; closest limit = the share of the',
    'per-extrinsic limit, with the margin, that the largest batch uses in its most used dimension)',
    batching,
    '',
    'Payout batches (utility.forceBatch of payouts sized by sizeBatches, fees by paymentInfo)',
    payouts,
    '',
    'Notes',
    ...measured.flatMap((m) => m.notes).map((note) => `- ${note}`),
    `- fee/delegator batched = the sum of the paymentInfo fees of the round's batches / delegators; single = ` +
      `paymentInfo of proxy.proxy(nominate) as its own extrinsic.`,
    `- peak RSS = the child process's kernel high-water mark (includes the loaded metadata and the generated delegations, see base RSS); peak heap = sampled heapUsed.`,
    `- wall time of the whole benchmark: ${(elapsedMs / 1000).toFixed(1)} s (with two chain starts); load average at the end ${loadavg()
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
