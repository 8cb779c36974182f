import type {
  EraRange,
  IndexedEventRepository,
  RewardReader,
  RewardRecord,
} from '../domain/indexer/indexed-event.repository.js';
import type { ChainEvent } from '../domain/ports/chain-events.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type { Address, BlockRef, Planck } from '../domain/shared/types.js';
import type { ChainEventRecord as EventRow, PrismaClient } from './generated/client.js';
import { toPlanck } from './mappers.js';
import { blockKeyCursor, pageOf } from './page-cursor.js';

export const INDEXER_CURSOR_KEY = 'indexer.cursor';

export class PrismaIndexedEventRepository implements IndexedEventRepository, RewardReader {
  constructor(private readonly db: PrismaClient) {}

  async cursor(): Promise<number | null> {
    const row = await this.db.serviceState.findUnique({ where: { key: INDEXER_CURSOR_KEY } });
    return row ? Number(row.value) : null;
  }

  async saveBlock(block: BlockRef, events: ChainEvent[]): Promise<number> {
    const [inserted] = await this.db.$transaction([
      this.db.chainEventRecord.createMany({
        data: events.map((e) => ({
          blockNumber: block.number,
          blockHash: block.hash,
          key: e.key,
          kind: e.kind,
          account: e.account,
          extrinsicIndex: e.extrinsicIndex,
          extrinsicHash: e.extrinsicHash,
          signer: e.signer,
          amount: e.amount?.toString() ?? null,
          era: e.era,
          validator: e.validator,
          detail: e.detail,
        })),
        skipDuplicates: true,
      }),
      this.db.serviceState.upsert({
        where: { key: INDEXER_CURSOR_KEY },
        create: { key: INDEXER_CURSOR_KEY, value: String(block.number) },
        update: { value: String(block.number) },
      }),
    ]);
    return inserted.count;
  }

  async trackedAccounts(): Promise<Set<Address>> {
    const rows = await this.db.delegation.findMany({ select: { stash: true } });
    return new Set(rows.map((r) => r.stash));
  }

  async rewards(account: Address, range: EraRange): Promise<RewardRecord[]> {
    const rows = await this.db.chainEventRecord.findMany({
      where: rewardsOf(account, range),
      orderBy: [{ blockNumber: 'asc' }, { key: 'asc' }],
    });
    return rows.map(toReward);
  }

  async rewardsPage(account: Address, range: EraRange, page: PageRequest): Promise<Page<RewardRecord>> {
    const after = blockKeyCursor(page.after);
    const rows = await this.db.chainEventRecord.findMany({
      where: {
        ...rewardsOf(account, range),
        ...(after
          ? {
              OR: [
                { blockNumber: { gt: after.blockNumber } },
                { blockNumber: after.blockNumber, key: { gt: after.key } },
              ],
            }
          : {}),
      },
      orderBy: [{ blockNumber: 'asc' }, { key: 'asc' }],
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit, toReward, (r) => `${r.blockNumber}-${r.key}`);
  }

  async rewardTotal(account: Address, range: EraRange): Promise<Planck> {
    const sum = await this.db.chainEventRecord.aggregate({ where: rewardsOf(account, range), _sum: { amount: true } });
    return toPlanck(sum._sum.amount) ?? 0n;
  }
}

const rewardsOf = (account: Address, range: EraRange) => ({
  account,
  kind: 'rewarded',
  ...(range.fromEra !== null || range.toEra !== null
    ? {
        era: {
          ...(range.fromEra !== null ? { gte: range.fromEra } : {}),
          ...(range.toEra !== null ? { lte: range.toEra } : {}),
        },
      }
    : {}),
});

const toReward = (r: EventRow): RewardRecord => ({
  era: r.era,
  validator: r.validator,
  amount: toPlanck(r.amount) ?? 0n,
  destination: ((r.detail as Record<string, string> | null) ?? {}).dest ?? null,
  block: { hash: r.blockHash, number: r.blockNumber },
  extrinsicHash: r.extrinsicHash,
  paidBy: r.signer,
});
