import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDelegationRepository } from '../../../src/db/delegation.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaUsedNonceRepository } from '../../../src/db/used-nonce.repository.js';
import { watchDelegations, type WatchDeps } from '../../../src/domain/delegation/watch-delegations.use-case.js';
import type { StashView } from '../../../src/domain/ports/chain-reading.js';
import { nonceRetentionCutoff, pruneUsedNonces } from '../../../src/domain/wallet/prune-used-nonces.use-case.js';
import { kusamaAddress } from '../../unit/candidates/kusama-test-codec.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let repo: PrismaDelegationRepository;

beforeAll(async () => {
  db = await createTestDatabase('deleg_expiry');
  prisma = createPrismaClient(db.url);
  repo = new PrismaDelegationRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const OPERATOR = kusamaAddress(200);
const DAY = 86_400_000;
// Real time: nonces written through the repository take the database's clock.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

/** A pending delegation whose pending spell began `since` (its row may be much older). */
async function pendingSince(stash: string, since: Date) {
  await prisma.delegation.create({
    data: {
      stash,
      status: 'pending',
      statusReason: 'opted in',
      statusSince: since,
      targets: [],
      createdAt: daysAgo(400),
    },
  });
}

const stashView = (stash: string, proxy: boolean): StashView => ({
  stash,
  ledger: { total: 100n, active: 100n },
  proxies: proxy ? [{ delegate: OPERATOR, proxyType: 'Staking', delay: 0 }] : [],
  nominations: null,
});

/** The watcher over the real repository; `duringRead` runs while it reads the chain (a concurrent writer). */
function watcher(proxies: Set<string>, duringRead: () => Promise<void> = async () => {}): WatchDeps {
  return {
    delegations: repo,
    chain: {
      stakingLimits: async () => ({
        minNominatorBond: 10n,
        minimumActiveStake: null,
        maxNominations: 24,
        existentialDeposit: 1n,
      }),
      stashViews: async (stashes) => {
        await duringRead();
        return {
          at: { hash: '0x01', number: 42 },
          views: new Map(stashes.map((s) => [s, stashView(s, proxies.has(s))])),
        };
      },
    },
    operator: OPERATOR,
    clock: { now: () => NOW },
  };
}

const statusOf = async (stash: string) =>
  (await prisma.delegation.findUniqueOrThrow({ where: { stash }, select: { status: true } })).status;

describe('pending delegations expire (PostgreSQL)', () => {
  it('expires one that waited 7 days without its proxy, records why, and lets the user opt in again', async () => {
    const stale = kusamaAddress(1);
    const fresh = kusamaAddress(2);
    const proxied = kusamaAddress(3);
    await pendingSince(stale, daysAgo(8));
    await pendingSince(fresh, daysAgo(6));
    await pendingSince(proxied, daysAgo(8));

    const report = await watchDelegations(watcher(new Set([proxied])), [stale, fresh, proxied]);
    expect(report.changes.map((c) => [c.stash, c.to]).sort()).toEqual(
      [
        [stale, 'opted_out'],
        [proxied, 'active'],
      ].sort(),
    );
    expect(await statusOf(fresh)).toBe('pending');
    const row = await prisma.delegation.findUniqueOrThrow({ where: { stash: stale }, include: { events: true } });
    expect(row).toMatchObject({ status: 'opted_out', statusSince: NOW });
    expect(row.statusReason).toBe('expired: no Staking proxy to the operator within 7 days of opting in (block #42)');
    expect(row.events).toEqual([
      expect.objectContaining({ fromStatus: 'pending', toStatus: 'opted_out', source: 'watcher' }),
    ]);

    // An expired opt-in is over: a new signed opt-in starts a new pending spell.
    const again = await repo.transition({
      stash: stale,
      expectedFrom: 'opted_out',
      to: 'pending',
      reason: 'opted in again',
      source: 'api',
      at: NOW,
      nonce: { address: stale, nonce: 'expiry-test-nonce-0001', action: 'opt-in' },
    });
    expect(again.status).toBe('pending');
  });

  it('does not expire one the watcher activated while this run read the chain', async () => {
    const stash = kusamaAddress(4);
    await pendingSince(stash, daysAgo(8));
    // The proxy appears; the indexer's watch of that block records it before this run writes.
    const report = await watchDelegations(
      watcher(new Set(), async () => {
        await repo.transition({
          stash,
          expectedFrom: 'pending',
          to: 'active',
          reason: 'Staking proxy and bond confirmed on chain',
          source: 'watcher',
          at: NOW,
        });
      }),
      [stash],
    );
    expect(report.changes).toEqual([]);
    expect(await statusOf(stash)).toBe('active');
  });

  it('does not expire one that became pending afresh while this run read the chain', async () => {
    const stash = kusamaAddress(5);
    await pendingSince(stash, daysAgo(8));
    // Activated, then back to pending (its bond fell) in between: a new pending spell, same status.
    const report = await watchDelegations(
      watcher(new Set(), async () => {
        await prisma.delegation.update({ where: { stash }, data: { statusSince: daysAgo(0) } });
      }),
      [stash],
    );
    expect(report.changes).toEqual([]);
    const row = await prisma.delegation.findUniqueOrThrow({ where: { stash } });
    expect(row.status).toBe('pending');
    expect(await prisma.delegationEvent.count({ where: { delegationId: row.id } })).toBe(0);
  });
});

describe('used nonces are pruned (PostgreSQL)', () => {
  it('deletes, in bounded batches, only nonces older than the validity window plus its margin', async () => {
    const nonces = new PrismaUsedNonceRepository(prisma);
    const cutoff = nonceRetentionCutoff(NOW);
    const address = kusamaAddress(9);
    const at = (offsetMs: number) => new Date(cutoff.getTime() + offsetMs);
    await prisma.usedNonce.createMany({
      data: [
        ...Array.from({ length: 5 }, (_, i) => ({
          address,
          nonce: `old-nonce-${i}-0123456789`,
          action: 'opt-in',
          createdAt: at(-(i + 1) * 60_000),
        })),
        { address, nonce: 'at-cutoff-nonce-0123456789', action: 'opt-in', createdAt: at(0) },
        { address, nonce: 'recent-nonce-0123456789', action: 'opt-out', createdAt: at(1) },
        { address, nonce: 'just-now-nonce-0123456789', action: 'opt-in', createdAt: NOW },
      ],
    });

    expect(await nonces.deleteRecordedBefore(cutoff, 2)).toBe(2);
    expect(await prisma.usedNonce.count({ where: { address } })).toBe(6);
    // The oldest go first.
    expect(await prisma.usedNonce.count({ where: { address, nonce: { in: ['old-nonce-4-0123456789'] } } })).toBe(0);

    const report = await pruneUsedNonces({ nonces, clock: { now: () => NOW } }, { batchSize: 2, maxBatches: 10 });
    expect(report).toMatchObject({ deleted: 3, more: false });
    expect(
      (await prisma.usedNonce.findMany({ where: { address }, orderBy: { createdAt: 'asc' } })).map((n) => n.nonce),
    ).toEqual(['at-cutoff-nonce-0123456789', 'recent-nonce-0123456789', 'just-now-nonce-0123456789']);
  });
});
