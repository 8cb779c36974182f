import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import { injectRewardPoints } from './chain-rewards.js';
import type { DevChain } from './dev-chain.js';

/**
 * Era changes on the local Kusama Asset Hub (staking-async). The relay chain is absent, so what it
 * would send is made here: its session reports (`stakingRcClient.relaySessionReport`) are Root
 * calls, put in the scheduler's agenda with `dev_setStorage` and dispatched by the next block.
 *
 * Two ways to a new era:
 * - `injectAssetHubEra` writes what an election leaves behind for the planned era (overview and
 *   pages of exposures, validator prefs, total stake) and the ending era's reward points, then
 *   sends the session report that activates the era: the pallet itself ends the era (EraPaid, the
 *   validator reward computed from the era's length), rotates it and prunes. Seconds, not minutes.
 * - `realAssetHubEraCycle` lets the pallet plan the era and run the multi-block election (snapshot,
 *   the unsigned solution mined by the offchain worker, verification, export); only the phases in
 *   which nobody acts (signed submissions and their validation) are shortened. Needs a chain
 *   started with `offchainWorker: true`.
 */

/** An era is 6 sessions of 1 h on Kusama: the activation timestamps keep that length, so rewards have Kusama's size. */
const ERA_MS = 6 * 60 * 60 * 1000;
const DEFAULT_POINTS = 20;

type Fn = (...args: unknown[]) => Promise<Codec> & SubmittableExtrinsic<'promise'>;
/** A pallet's queries or calls that the augmented types do not know (Asset Hub only): fail loudly where missing. */
function pallet(group: object, name: string): Record<string, Fn> {
  const found = (group as Record<string, Record<string, Fn> | undefined>)[name];
  if (!found) throw new Error(`this runtime has no ${name} pallet: an Asset Hub helper was used on another chain`);
  return found;
}

interface Exposed {
  who: string;
  value: bigint;
}

export interface InjectEraOptions {
  /** The validators the "election" picks (default: the `validatorCount` most approved, by own plus nominated stake). */
  elected?: string[];
  /** Nominators per exposure page (default: the runtime's `maxExposurePageSize`, 512). */
  pageSize?: number;
  /** Points for the ending era (default: 20 for each validator of its active set). */
  rewardPoints?: Record<string, number>;
}

export async function assetHubActiveEra(chain: DevChain): Promise<{ index: number; start: number }> {
  const era = (await chain.api.query.staking.activeEra()).toJSON() as { index: number; start: number | null } | null;
  return { index: era?.index ?? 0, start: era?.start ?? 0 };
}

/**
 * Root dispatch through the scheduler (no Sudo on Asset Hub): the call is put in the agenda of the
 * current relay block, which the next block services. The caller checks the call's effect (a block
 * built meanwhile by someone else may be the one that dispatched it).
 */
export async function rootCall(chain: DevChain, call: SubmittableExtrinsic<'promise'>): Promise<void> {
  const hex = call.method.toHex();
  // The scheduler drops an inline call over 128 bytes (it would need a preimage).
  if ((hex.length - 2) / 2 > 128) throw new Error(`root call of ${(hex.length - 2) / 2} bytes: at most 128 inline`);
  const relayBlock = (await pallet(chain.api.query, 'parachainSystem').lastRelayChainBlockNumber!()).toJSON() as number;
  await chain.rpc('dev_setStorage', [
    {
      Scheduler: {
        IncompleteSince: relayBlock,
        Agenda: [[[relayBlock], [{ call: { Inline: hex }, origin: { system: 'Root' } }]]],
      },
    },
  ]);
  await chain.newBlock();
}

/** The relay chain's report of the session that just ended; with `activate`, it makes the planned era active. */
async function sessionReport(chain: DevChain, activate: [number, number] | null): Promise<void> {
  const lastReported = async () =>
    ((await pallet(chain.api.query, 'stakingRcClient').lastSessionReportEndingIndex!()).toJSON() as number | null) ?? 0;
  const endIndex = (await lastReported()) + 1;
  await rootCall(
    chain,
    pallet(chain.api.tx, 'stakingRcClient').relaySessionReport!({
      endIndex,
      // Points are injected into ErasRewardPoints instead: a report carrying them outgrows an inline call.
      validatorPoints: [],
      activationTimestamp: activate,
      leftover: false,
    }),
  );
  if ((await lastReported()) !== endIndex) throw new Error(`session report ${endIndex} was not received`);
}

/** Points for the ending era: those given, else 20 for each validator of its active set. */
async function rewardEndingEra(chain: DevChain, era: number, given?: Record<string, number>): Promise<void> {
  const points = given ?? Object.fromEntries((await assetHubElected(chain, era)).map((v) => [v, DEFAULT_POINTS]));
  if (Object.keys(points).length > 0) await injectRewardPoints(chain, era, points);
}

/** Validators exposed in `era` (keys of `erasStakersOverview`). */
export async function assetHubElected(chain: DevChain, era: number): Promise<string[]> {
  const keys = await chain.api.query.staking.erasStakersOverview.keys(era);
  return keys.map((k) => chain.keyring.encodeAddress(k.args[1]!.toU8a(), 2));
}

const big = (v: unknown) => BigInt(v as string | number);

/**
 * What an election would find: every validator's own active bond, and every nominator's active
 * bond spread evenly over its targets that are elected (the first takes the remainder).
 */
async function electionInput(chain: DevChain) {
  const { api, keyring } = chain;
  const enc = (c: Codec | string) => keyring.encodeAddress(typeof c === 'string' ? c : c.toU8a(), 2);
  const active = async (stash: string) => {
    const ledger = (await api.query.staking.ledger(stash)).toJSON() as { active: string | number } | null;
    return ledger ? big(ledger.active) : 0n;
  };
  const validators = (await api.query.staking.validators.entries()).map(([k, prefs]) => ({
    stash: enc(k.args[0]!),
    prefs: prefs.toJSON(),
  }));
  const nominators = await Promise.all(
    (await api.query.staking.nominators.entries()).map(async ([k, n]) => {
      const stash = enc(k.args[0]!);
      const targets = ((n.toJSON() as { targets: string[] } | null)?.targets ?? []).map((t) => enc(t));
      return { stash, targets, bond: await active(stash) };
    }),
  );
  const own = new Map(await Promise.all(validators.map(async (v) => [v.stash, await active(v.stash)] as const)));
  return { validators, nominators, own };
}

/**
 * Activates the next era with injected election results (see the file comment). Returns the new
 * active era's index.
 */
export async function injectAssetHubEra(chain: DevChain, options: InjectEraOptions = {}): Promise<number> {
  const { api } = chain;
  const ending = await assetHubActiveEra(chain);
  const planned = ending.index + 1;
  const { validators, nominators, own } = await electionInput(chain);

  let elected = options.elected;
  if (!elected) {
    const count = (await api.query.staking.validatorCount()).toJSON() as number;
    const approval = new Map(validators.map((v) => [v.stash, own.get(v.stash) ?? 0n]));
    for (const n of nominators)
      for (const t of n.targets) if (approval.has(t)) approval.set(t, approval.get(t)! + n.bond);
    elected = [...approval.entries()]
      .sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1))
      .slice(0, count)
      .map(([v]) => v);
  }
  const chosen = new Set(elected);
  const backing = new Map<string, Exposed[]>(elected.map((v) => [v, []]));
  for (const n of nominators) {
    const targets = [...new Set(n.targets)].filter((t) => chosen.has(t));
    if (targets.length === 0 || n.bond === 0n) continue;
    const share = n.bond / BigInt(targets.length);
    targets.forEach((t, i) =>
      backing.get(t)!.push({ who: n.stash, value: share + (i === 0 ? n.bond % BigInt(targets.length) : 0n) }),
    );
  }

  const pageSize = options.pageSize ?? Number(api.consts.staking.maxExposurePageSize.toString());
  const prefsOf = new Map(validators.map((v) => [v.stash, v.prefs]));
  const overview: unknown[] = [];
  const paged: unknown[] = [];
  const prefs: unknown[] = [];
  let totalStake = 0n;
  for (const v of elected) {
    // Pages hold the largest backers first, as the pallet pages an exposure.
    const others = backing.get(v)!.sort((a, b) => (a.value === b.value ? 0 : a.value > b.value ? -1 : 1));
    const ownStake = own.get(v) ?? 0n;
    const total = others.reduce((a, o) => a + o.value, ownStake);
    totalStake += total;
    const pages: Exposed[][] = [];
    for (let i = 0; i < others.length; i += pageSize) pages.push(others.slice(i, i + pageSize));
    overview.push([
      [planned, v],
      { total: total.toString(), own: ownStake.toString(), nominatorCount: others.length, pageCount: pages.length },
    ]);
    pages.forEach((page, i) =>
      paged.push([
        [planned, v, i],
        {
          pageTotal: page.reduce((a, o) => a + o.value, 0n).toString(),
          others: page.map((o) => ({ who: o.who, value: o.value.toString() })),
        },
      ]),
    );
    prefs.push([[planned, v], prefsOf.get(v) ?? { commission: 0, blocked: false }]);
  }

  await rewardEndingEra(chain, ending.index, options.rewardPoints);
  await chain.rpc('dev_setStorage', [
    {
      Staking: {
        // Planned, as the election would leave it; ForceNone: no real election starts meanwhile.
        CurrentEra: planned,
        ForceEra: 'ForceNone',
        ErasStakersOverview: overview,
        ErasStakersPaged: paged,
        ErasValidatorPrefs: prefs,
        ErasTotalStake: [[[planned], totalStake.toString()]],
      },
    },
  ]);
  await sessionReport(chain, [activationTime(ending.start), planned]);
  const now = await assetHubActiveEra(chain);
  if (now.index !== planned) throw new Error(`active era ${now.index} after the report, expected ${planned}`);
  return planned;
}

/** The genesis era has no start: the first activation is "now"; later ones keep Kusama's era length. */
function activationTime(start: number): number {
  return start === 0 ? Date.now() : start + ERA_MS;
}

type Phase = Record<string, number | null> | string;

const phaseName = (phase: Phase) => (typeof phase === 'string' ? phase : Object.keys(phase)[0]!).toLowerCase();

export interface RealEraOptions {
  /** Points for the ending era (default: 20 for each validator of its active set). */
  rewardPoints?: Record<string, number>;
  /** Blocks the cycle may take before it gives up. */
  maxBlocks?: number;
  onProgress?: (line: string) => void;
}

/** The verifier holds a verified solution for this round: the rest of the unsigned phase only waits. */
async function solutionQueued(chain: DevChain): Promise<boolean> {
  const round = (await pallet(chain.api.query, 'multiBlockElection').round!()).toJSON() as number;
  const score = pallet(chain.api.query, 'multiBlockElectionVerifier').queuedSolutionScore! as unknown as {
    (...args: unknown[]): Promise<Codec>;
    meta: { type: { isMap: boolean } };
  };
  const value = score.meta.type.isMap ? await score(round) : await score();
  return !value.isEmpty;
}

/**
 * A real era cycle: the pallet plans the era at the next session report, the multi-block election
 * runs block by block, and the report after its export activates the era. Returns the new index.
 */
export async function realAssetHubEraCycle(chain: DevChain, options: RealEraOptions = {}): Promise<number> {
  const { api } = chain;
  const ending = await assetHubActiveEra(chain);
  const maxBlocks = options.maxBlocks ?? 1_500;
  const phase = async () => (await pallet(api.query, 'multiBlockElection').currentPhase!()).toJSON() as Phase;
  const currentEra = async () => ((await api.query.staking.currentEra()).toJSON() as number | null) ?? 0;
  // Plan at the next report instead of waiting for the era's fifth session.
  await chain.rpc('dev_setStorage', [{ Staking: { ForceEra: 'ForceNew' } }]);
  await sessionReport(chain, null);
  if ((await currentEra()) !== ending.index + 1) throw new Error('the session report did not plan a new era');

  let blocks = 0;
  for (;;) {
    const p = await phase();
    const name = phaseName(p);
    if (name === 'off') break;
    if (blocks > maxBlocks) throw new Error(`election still in ${JSON.stringify(p)} after ${blocks} blocks`);
    // Nobody submits a signed solution here: skip the waiting, not the work (the unsigned solution
    // is still mined by the offchain worker, verified and exported page by page). Once it is
    // queued, the rest of the unsigned phase is waiting too.
    const left = typeof p === 'object' ? (p[Object.keys(p)[0]!] ?? 0) : 0;
    const idle =
      name === 'signed' || name === 'signedvalidation' || (name === 'unsigned' && (await solutionQueued(chain)));
    if (idle && left > 1) {
      await chain.rpc('dev_setStorage', [{ MultiBlockElection: { CurrentPhase: { [Object.keys(p)[0]!]: 1 } } }]);
    }
    await chain.newBlock();
    blocks++;
    if (blocks % 20 === 0) options.onProgress?.(`block ${await chain.head()}: phase ${JSON.stringify(await phase())}`);
  }
  const winners = await api.query.staking.erasStakersOverview.keys(ending.index + 1);
  if (winners.length === 0) throw new Error('the election exported no validator for the planned era');

  await rewardEndingEra(chain, ending.index, options.rewardPoints);
  await sessionReport(chain, [activationTime(ending.start), ending.index + 1]);
  const now = await assetHubActiveEra(chain);
  if (now.index !== ending.index + 1) throw new Error(`active era ${now.index} after activation`);
  await chain.rpc('dev_setStorage', [{ Staking: { ForceEra: 'NotForcing' } }]);
  return now.index;
}
