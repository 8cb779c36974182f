import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../src/api/routes/admin.routes.js';
import { candidatesRoutes } from '../../../src/api/routes/candidates.routes.js';
import type { ApiServices } from '../../../src/api/services.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaSnapshotRepository } from '../../../src/db/snapshot.repository.js';
import { confirmSnapshot } from '../../../src/domain/candidates/confirm-snapshot.use-case.js';
import { refreshCandidates } from '../../../src/domain/candidates/refresh-candidates.use-case.js';
import type { ValidatorSetView } from '../../../src/domain/ports/chain-reading.js';
import { PERBILL } from '../../../src/domain/shared/types.js';
import { UrlCandidateSource } from '../../../src/sources/url-candidate.source.js';
import { serveJson, type JsonServer } from '../../support/json-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';
import { kusamaAddress, kusamaTestCodec } from '../../unit/candidates/kusama-test-codec.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../../unit/api/test-app.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let snapshots: PrismaSnapshotRepository;
let t: TestApp;
const servers: JsonServer[] = [];

/** Stashes 1..n: every one validating, open, at 1% commission, none elected, so all eligible. */
const stashes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => kusamaAddress(from + i));
const view: ValidatorSetView = {
  at: { hash: '0xab', number: 100 },
  activeEra: 7,
  validators: new Map(stashes(1, 40).map((s) => [s, { commission: PERBILL / 100, blocked: false }])),
  elected: new Set(),
};
let clockNow = new Date('2026-11-29T10:00:00.000Z');

/** A snapshot of what a local candidate source serves now, as a round or the periodic refresh takes it. */
async function refreshFrom(list: string[]) {
  const server = await serveJson(list);
  servers.push(server);
  return refreshCandidates({
    source: new UrlCandidateSource(server.url, { timeoutMs: 10_000 }),
    chain: { validatorSet: async () => view },
    codec: kusamaTestCodec,
    snapshots,
    clock: { now: () => clockNow },
    commissionCap: (15 * PERBILL) / 100,
    maxChangePercent: 30,
  });
}

beforeAll(async () => {
  db = await createTestDatabase('cand_hold');
  prisma = createPrismaClient(db.url);
  snapshots = new PrismaSnapshotRepository(prisma);
  const services = {
    snapshots,
    confirmSnapshot: (id: string) => confirmSnapshot({ snapshots, clock: { now: () => clockNow } }, id),
  } as unknown as ApiServices;
  t = await testApp({
    routes: [{ plugin: candidatesRoutes as never, options: { services } }],
    adminRoutes: [{ plugin: adminRoutes as never, options: { services } }],
  });
});

afterAll(async () => {
  await t?.app.close();
  for (const server of servers) await server.close();
  await prisma?.$disconnect();
  await db?.drop();
});

const candidates = async () => (await t.app.inject({ method: 'GET', url: '/v1/candidates' })).json();
const confirm = (snapshotId: string, token: string | null = ADMIN_TOKEN) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/admin/candidates/confirm',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: { snapshotId },
  });

describe('the candidate source is a trust root: a large move of the eligible set holds rounds', () => {
  it('holds a snapshot whose eligible set shrank too much, shows why, and keeps it held until an admin confirms', async () => {
    // The first snapshot ever has nothing to be compared with.
    const first = await refreshFrom(stashes(1, 20));
    expect(first.held).toBeNull();
    expect(first.snapshot.hold).toBeNull();
    expect((await candidates()).usable).toBe(true);

    // Half the list vanishes: held, with a note a round can finish with.
    clockNow = new Date('2026-11-29T11:00:00.000Z');
    const shrunk = await refreshFrom(stashes(11, 20));
    const reason = `eligible set changed by 50% since snapshot #${first.snapshot.id} (20 → 10 eligible: 10 left, 0 joined), more than the 30% allowed`;
    expect(shrunk.held).toEqual({
      snapshotId: shrunk.snapshot.id,
      reason,
      note: `held: ${reason}; an admin must confirm snapshot #${shrunk.snapshot.id} (POST /v1/admin/candidates/confirm)`,
    });
    expect(await candidates()).toMatchObject({
      snapshotId: shrunk.snapshot.id,
      eligibleCount: 10,
      usable: false,
      hold: { reason, confirmedAt: null },
    });

    // Read again, the same bad list is still compared with the last usable snapshot, not with the held one.
    const again = await refreshFrom(stashes(11, 20));
    expect(again.held?.reason).toBe(reason);
    expect((await snapshots.latestUsable())?.id).toBe(first.snapshot.id);

    // Only an admin confirms, and only a held snapshot.
    expect((await confirm(again.snapshot.id, null)).statusCode).toBe(401);
    expect((await confirm(first.snapshot.id)).json()).toMatchObject({ error: { code: 'SNAPSHOT_NOT_HELD' } });
    expect((await confirm('999999')).json()).toMatchObject({ error: { code: 'SNAPSHOT_NOT_FOUND' } });
    expect((await confirm('latest')).statusCode).toBe(400);

    clockNow = new Date('2026-11-29T12:00:00.000Z');
    const confirmed = await confirm(again.snapshot.id);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({
      snapshotId: again.snapshot.id,
      eligibleCount: 10,
      usable: true,
      hold: { reason, confirmedAt: '2026-11-29T12:00:00.000Z' },
    });
    // Confirming twice changes nothing.
    clockNow = new Date('2026-11-29T12:30:00.000Z');
    expect((await confirm(again.snapshot.id)).json().hold.confirmedAt).toBe('2026-11-29T12:00:00.000Z');
    expect(await candidates()).toMatchObject({ snapshotId: again.snapshot.id, usable: true });

    // The confirmed set is the new reference: the next round's snapshot of the same list is usable.
    const next = await refreshFrom(stashes(11, 21));
    expect(next.held).toBeNull();
    expect(await candidates()).toMatchObject({ snapshotId: next.snapshot.id, usable: true, hold: null });
  });

  it('holds a list replaced at the same size, and passes a change within the share', async () => {
    // A new reference: held after the previous test's list, so confirmed.
    const base = await refreshFrom(stashes(21, 30));
    expect(base.held).not.toBeNull();
    expect((await confirm(base.snapshot.id)).statusCode).toBe(200);
    expect((await snapshots.latestUsable())?.id).toBe(base.snapshot.id);

    // 3 of 10 swapped: 60% moved, though the size is the same.
    const swapped = await refreshFrom([...stashes(24, 30), ...stashes(31, 33)]);
    expect(swapped.held?.reason).toMatch(/changed by 60% .*10 → 10 eligible: 3 left, 3 joined/);

    // 1 of 10 swapped: within 30%.
    const drift = await refreshFrom([...stashes(22, 30), kusamaAddress(34)]);
    expect(drift.held).toBeNull();
  });
});
