/**
 * A round against PostgreSQL and Redis with the chain's answers scripted (a writer that records
 * what it signs, a beacon, the active era): resumption after failures, the seed's commitment,
 * the candidate hold and the signing lock, each decided where it matters, in the database.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoundRepository } from '../../../src/db/round.repository.js';
import { SignerFenceRepository } from '../../../src/db/signer-fence.repository.js';
import { PrismaSnapshotRepository } from '../../../src/db/snapshot.repository.js';
import type { CandidateEvaluation } from '../../../src/domain/candidates/types.js';
import type { NominationItem, SignedExtrinsic, TrackResult } from '../../../src/domain/ports/extrinsics.js';
import { deriveRoundSeed } from '../../../src/domain/rounds/round-seed.js';
import { runRound, type RunRoundDeps } from '../../../src/domain/rounds/run-round.use-case.js';
import { startRound } from '../../../src/domain/rounds/start-round.use-case.js';
import { createLogger } from '../../../src/logger.js';
import { RedisSigningLock } from '../../../src/infra/redis-signing-lock.js';
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from '../../support/test-env.js';

const OPERATOR = 'OPERATOR';
const BLOCK = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let redis: Redis;
let rounds: PrismaRoundRepository;
let delegations: PrismaDelegationRepository;
let snapshots: PrismaSnapshotRepository;
let fences: SignerFenceRepository;

const candidate = (stash: string): CandidateEvaluation => ({
  stash,
  name: null,
  eligible: true,
  reason: null,
  detail: null,
  validating: true,
  commission: 0,
  blocked: false,
  elected: false,
  programmeValid: null,
});
const CANDIDATES = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map(candidate);

beforeAll(async () => {
  db = await createTestDatabase('run_round');
  prisma = createPrismaClient(db.url);
  redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  rounds = new PrismaRoundRepository(prisma);
  delegations = new PrismaDelegationRepository(prisma);
  snapshots = new PrismaSnapshotRepository(prisma);
  fences = new SignerFenceRepository(prisma);
});

// Each test plans over its own delegations only: the others' leave once it is over.
afterEach(async () => {
  await prisma.delegation.updateMany({ where: { status: 'active' }, data: { status: 'opted_out' } });
});

afterAll(async () => {
  redis?.disconnect();
  await prisma?.$disconnect();
  await db?.drop();
});

/** Active delegations with unique stashes for one test. */
async function activeStashes(label: string, count: number): Promise<string[]> {
  const stashes = Array.from({ length: count }, (_, i) => `${label}-S${i}`);
  for (const stash of stashes) {
    const at = new Date();
    await delegations.transition({ stash, expectedFrom: null, to: 'pending', reason: 'test', source: 'api', at });
    await delegations.transition({
      stash,
      expectedFrom: 'pending',
      to: 'active',
      reason: 'test',
      source: 'watcher',
      at,
    });
  }
  return stashes;
}

/** The scripted chain and a writer that records every signature and answers tracks from a script. */
function scripted(label: string) {
  const chain = { era: 100, head: 1_000, finalized: 1_000 };
  const signed: { hash: string; stashes: string[] }[] = [];
  const tracked: { hash: string; submit: boolean }[] = [];
  let nonce = 0;
  /** Per signature hash: expired (never landed) or included; default included. */
  const fate = new Map<string, 'expired'>();
  const onTrack: ((hash: string) => Promise<void> | void)[] = [];
  const writer: RunRoundDeps['writer'] = {
    operatorAddress: () => OPERATOR,
    packNominations: async (items: NominationItem[]) => {
      const groups: NominationItem[][] = [];
      for (let i = 0; i < items.length; i += 2) groups.push(items.slice(i, i + 2));
      return groups;
    },
    signNominationBatch: async (items) => {
      const hash = `0x${label}-${nonce}`;
      signed.push({ hash, stashes: items.map((i) => i.stash) });
      const s: SignedExtrinsic = {
        hash,
        hex: '0x00',
        nonce: nonce++,
        signedAt: { hash: BLOCK(chain.head), number: chain.head },
        mortalPeriod: 64,
      };
      return s;
    },
    sendAndTrack: async (s, count, options): Promise<TrackResult> => {
      tracked.push({ hash: s.hash, submit: options?.submit ?? true });
      for (const hook of onTrack.splice(0)) await hook(s.hash);
      if (fate.get(s.hash) === 'expired') return { kind: 'expired' };
      chain.head++;
      return {
        kind: 'included',
        block: { hash: BLOCK(chain.head), number: chain.head },
        extrinsicIndex: 1,
        outcomes: Array.from({ length: count }, () => ({ ok: true as const })),
        fee: 1n,
        extrinsicError: null,
      };
    },
    discard: () => undefined,
  };
  let refreshes = 0;
  let hold: string | null = null;
  const deps: RunRoundDeps = {
    rounds,
    delegations,
    snapshots,
    refreshCandidates: async () => {
      refreshes++;
      const view = {
        at: { hash: BLOCK(chain.head), number: chain.head },
        activeEra: chain.era,
        validators: new Map(),
        elected: new Set<string>(),
      };
      const snapshot = await snapshots.save({
        source: 'test',
        fetchedAt: new Date(),
        activeEra: chain.era,
        at: view.at,
        commissionCap: 0,
        evaluations: CANDIDATES,
        rejected: [],
        eligibleCount: CANDIDATES.length,
        hold: hold ? { reason: hold, confirmedAt: null } : null,
      });
      return { snapshot, view, held: hold ? { snapshotId: snapshot.id, reason: hold, note: `held: ${hold}` } : null };
    },
    chain: { activeEra: async () => ({ index: chain.era, at: { hash: BLOCK(chain.head), number: chain.head } }) },
    beacon: {
      head: async () => ({ hash: BLOCK(chain.head), number: chain.head }),
      finalizedHash: async (n) => (n <= chain.finalized ? BLOCK(n) : null),
      waitFinalizedHash: async (n) => {
        // The chain moves on while the round waits for its seed block.
        chain.head = Math.max(chain.head, n);
        chain.finalized = Math.max(chain.finalized, n);
        return BLOCK(n);
      },
    },
    writer,
    lock: new RedisSigningLock(redis, uniquePrefix(label), fences, createLogger('silent'), { ttlMs: 5_000 }),
    clock: { now: () => new Date() },
  };
  return {
    chain,
    deps,
    signed,
    tracked,
    fate,
    onTrack,
    refreshes: () => refreshes,
    holdWith: (reason: string | null) => void (hold = reason),
  };
}

const newRound = async () =>
  (
    await startRound(
      { rounds, writer: { operatorAddress: () => OPERATOR }, targetsPerDelegator: 2, rotationEras: 28 },
      { trigger: 'admin', dryRun: false, era: null },
    )
  ).round;

describe('runRound', () => {
  it('draws from the hash of a block after its commitment, and a crash before the draw re-uses the commitment', async () => {
    await activeStashes('seed', 2);
    const s = scripted('seed');
    const round = await newRound();
    const beacon = s.deps.beacon;
    let fail = true;
    const crashing = {
      ...s.deps,
      beacon: {
        ...beacon,
        waitFinalizedHash: async (n: number) => {
          if (fail) throw new Error('worker killed while waiting for the seed block');
          return beacon.waitFinalizedHash(n);
        },
      },
    };
    await expect(runRound(crashing, round.id)).rejects.toThrow(/worker killed/);
    const committed = (await rounds.get(round.id))!;
    expect(committed).toMatchObject({
      status: 'planning',
      commitBlockNumber: 1_000,
      seedBlockNumber: 1_001,
      seed: null,
    });
    fail = false;
    const done = await runRound(crashing, round.id);
    expect(done.status).toBe('completed');
    expect(s.refreshes()).toBe(1); // the committed snapshot, not a new one
    expect(done.seedBlockNumber).toBe(1_001);
    expect(done.seedBlockHash).toBe(BLOCK(1_001));
    expect(done.seed).toBe(deriveRoundSeed(round.id, BLOCK(1_001)));
    expect(done.snapshotId).toBe(committed.snapshotId);
  });

  it('skips the round, drawing nothing, while the newest snapshot is held for an admin', async () => {
    await activeStashes('hold', 2);
    const s = scripted('hold');
    s.holdWith('eligible set changed by 50% (6 → 3)');
    const round = await newRound();
    const done = await runRound(s.deps, round.id);
    expect(done).toMatchObject({ status: 'skipped', note: 'held: eligible set changed by 50% (6 → 3)', seed: null });
    expect(s.signed).toEqual([]);
  });

  it('re-checks every delegation before re-signing an expired batch: a stash that left is cancelled, never signed again', async () => {
    const [a, b] = await activeStashes('resign', 2);
    const s = scripted('resign');
    const round = await newRound();
    // The first signature never lands; while it waits, `a` opts out.
    s.onTrack.push(async (hash) => {
      s.fate.set(hash, 'expired');
      await delegations.transition({
        stash: a!,
        expectedFrom: 'active',
        to: 'opted_out',
        reason: 'opt-out',
        source: 'api',
        at: new Date(),
      });
    });
    const done = await runRound(s.deps, round.id);
    expect(done.status).toBe('completed');
    expect(s.signed.map((x) => x.stashes)).toEqual([[a, b].sort(), [b]].map((x) => x.sort()));
    const byStash = new Map((await rounds.selections(round.id)).map((x) => [x.stash, x]));
    expect(byStash.get(a!)).toMatchObject({ status: 'cancelled' });
    expect(byStash.get(b!)).toMatchObject({ status: 'succeeded' });
    expect((await delegations.findByStash(a!))!.targets).toEqual([]);
  });

  it('resumes a stored signature some of whose stashes left by watching it only, never handing it to a node again', async () => {
    const [a, b] = await activeStashes('watch', 2);
    const s = scripted('watch');
    const round = await newRound();
    // A crash right after the signature was stored, before anything was sent.
    s.onTrack.push(() => {
      throw new Error('worker killed after storing the signature');
    });
    await expect(runRound(s.deps, round.id)).rejects.toThrow(/worker killed/);
    const first = s.signed[0]!.hash;
    await delegations.transition({
      stash: a!,
      expectedFrom: 'active',
      to: 'manual',
      reason: 'nominated by hand',
      source: 'watcher',
      at: new Date(),
    });
    s.fate.set(first, 'expired');
    const done = await runRound(s.deps, round.id);
    expect(done.status).toBe('completed');
    expect(s.tracked.filter((t) => t.hash === first).map((t) => t.submit)).toEqual([true, false]);
    expect(s.signed.slice(1).map((x) => x.stashes)).toEqual([[b]]);
    expect((await rounds.selections(round.id)).find((x) => x.stash === a)).toMatchObject({ status: 'cancelled' });
  });

  it('never sends the rest of a plan whose era passed: cancels it and asks for a round of the new era', async () => {
    await activeStashes('era', 4);
    const s = scripted('era');
    const replanned: number[] = [];
    const round = await newRound();
    // The era changes once the first batch landed.
    s.onTrack.push(() => void (s.chain.era = 101));
    const done = await runRound({ ...s.deps, replan: async (era) => void replanned.push(era) }, round.id);
    expect(done.status).toBe('completed');
    expect(done.note).toMatch(/planned for era 100, but era 101 became active/);
    expect(s.signed).toHaveLength(1);
    const statuses = (await rounds.selections(round.id)).map((x) => x.status).sort();
    expect(statuses).toEqual(['cancelled', 'cancelled', 'succeeded', 'succeeded']);
    expect(replanned).toEqual([101]);
  });

  it('refuses to store a signature made under an outdated fence (another process took the lock since)', async () => {
    await activeStashes('fence', 2);
    const s = scripted('fence');
    const round = await newRound();
    const stale = {
      ...s.deps,
      lock: {
        hold: async <T>(account: string, work: (f: { account: string; token: bigint }) => Promise<T>) => {
          const mine = await fences.take(account);
          await fences.take(account); // another worker took the lock meanwhile
          return work({ account, token: mine });
        },
      },
    };
    await expect(runRound(stale, round.id)).rejects.toMatchObject({ code: 'SIGNER_FENCED' });
    expect((await rounds.batches(round.id)).every((b) => b.status === 'planned')).toBe(true);
    // The rightful holder finishes it.
    expect((await runRound(s.deps, round.id)).status).toBe('completed');
  });

  it('records a watched signature that landed anyway, but never writes targets into the delegation that left', async () => {
    const [a, b] = await activeStashes('landed', 2);
    const s = scripted('landed');
    const round = await newRound();
    s.onTrack.push(() => {
      throw new Error('worker killed after sending the signature');
    });
    await expect(runRound(s.deps, round.id)).rejects.toThrow(/worker killed/);
    await delegations.transition({
      stash: a!,
      expectedFrom: 'active',
      to: 'opted_out',
      reason: 'opt-out',
      source: 'api',
      at: new Date(),
    });
    // It was already out: it lands while only watched.
    const done = await runRound(s.deps, round.id);
    expect(done.status).toBe('completed');
    expect(s.tracked.map((t) => t.submit)).toEqual([true, false]);
    expect(s.signed).toHaveLength(1);
    const selections = new Map((await rounds.selections(round.id)).map((x) => [x.stash, x]));
    expect(selections.get(a!)).toMatchObject({ status: 'succeeded' });
    expect(await delegations.findByStash(a!)).toMatchObject({ status: 'opted_out', targets: [] });
    expect((await delegations.findByStash(b!))!.targets).toEqual(selections.get(b!)!.targets);
  });
  it('runs one round in two runs at once and signs every batch once: each run reads a batch under the signing lock', async () => {
    const stashes = await activeStashes('twice', 4);
    const s = scripted('twice');
    const round = await newRound();
    // Planned first, then both runs list the same planned batches before either takes the lock.
    const unlocked = {
      ...s.deps,
      lock: {
        hold: async () => {
          throw new Error('worker killed before sending');
        },
      },
    };
    await expect(runRound(unlocked, round.id)).rejects.toThrow(/worker killed/);
    expect((await rounds.batches(round.id)).map((b) => b.status)).toEqual(['planned', 'planned']);
    const [first, second] = await Promise.all([runRound(s.deps, round.id), runRound(s.deps, round.id)]);
    expect([first.status, second.status]).toEqual(['completed', 'completed']);
    expect(s.signed.flatMap((x) => x.stashes).sort()).toEqual([...stashes].sort());
    expect((await rounds.selections(round.id)).map((x) => x.status)).toEqual(Array(4).fill('succeeded'));
    expect((await rounds.batches(round.id)).map((b) => b.status)).toEqual(['included', 'included']);
  });
});
