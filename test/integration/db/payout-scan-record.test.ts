import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaPayoutRepository } from '../../../src/db/payout.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let payouts: PrismaPayoutRepository;

const addr = (n: number) => encodeAddress(new Uint8Array(32).fill(n), 2);

beforeAll(async () => {
  db = await createTestDatabase('payout_scan');
  prisma = createPrismaClient(db.url);
  payouts = new PrismaPayoutRepository(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('PrismaPayoutRepository.recordScan', () => {
  it('stores each page found once, its stashes in page order, and marks the era scanned', async () => {
    const stashes = Array.from({ length: 600 }, (_, i) => addr(i % 250));
    await payouts.recordScan(40, [
      { validator: addr(1), page: 0, stashes: [addr(3), addr(2)] },
      { validator: addr(1), page: 1, stashes },
      { validator: addr(2), page: 0, stashes: [addr(4)] },
    ]);
    // A scan interrupted after recording runs again: nothing is stored twice, nothing is lost.
    await payouts.recordScan(40, [{ validator: addr(1), page: 0, stashes: [addr(9)] }]);

    const rows = await prisma.payout.findMany({ where: { era: 40 }, orderBy: [{ validator: 'asc' }, { page: 'asc' }] });
    expect(rows.map((r) => [r.validator, r.page, r.status, r.stashes])).toEqual(
      [
        [addr(1), 0, 'due', [addr(3), addr(2)]],
        [addr(1), 1, 'due', stashes],
        [addr(2), 0, 'due', [addr(4)]],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : (a[1] as number) - (b[1] as number))),
    );
    await expect(payouts.scannedEras(39, 41)).resolves.toEqual(new Set([40]));
    await expect(payouts.due(40, 3)).resolves.toHaveLength(3);
  });

  it('marks an era without pages of the service scanned', async () => {
    await payouts.recordScan(41, []);
    await expect(payouts.scannedEras(41, 41)).resolves.toEqual(new Set([41]));
    await expect(prisma.payout.count({ where: { era: 41 } })).resolves.toBe(0);
  });
});
