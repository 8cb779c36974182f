import { conflict } from '../domain/errors.js';
import { consumeNonce, nonceReplayed } from './consume-nonce.js';
import { createDelegation } from './create-delegation.js';
import { readDelegationView } from './delegation-view.js';
import type { DelegationView, DelegationViewReader } from '../domain/delegation/delegation-view.js';
import type {
  DelegationHistoryReader,
  DelegationRepository,
  TransitionInput,
} from '../domain/delegation/delegation.repository.js';
import type { Delegation, DelegationEvent } from '../domain/delegation/types.js';
import type { Page, PageRequest } from '../domain/shared/page.js';
import type { Address } from '../domain/shared/types.js';
import type { PrismaClient } from './generated/client.js';
import type { Delegation as DelegationRow, DelegationEvent as DelegationEventRow } from './generated/client.js';
import { isUniqueViolation } from './mappers.js';
import { idCursor, pageOf } from './page-cursor.js';

const toDomain = (row: DelegationRow): Delegation => ({
  id: row.id,
  stash: row.stash,
  status: row.status,
  statusReason: row.statusReason,
  statusSince: row.statusSince,
  targets: row.targets,
  drawnInEra: row.drawnInEra,
  nominatedAt: row.nominatedAt,
  createdAt: row.createdAt,
});

const toEvent = (r: DelegationEventRow): DelegationEvent => ({
  fromStatus: r.fromStatus,
  toStatus: r.toStatus,
  reason: r.reason,
  source: r.source as DelegationEvent['source'],
  at: r.at,
});

class StatusMoved extends Error {}
/** A delegation of this stash was created by a concurrent request after this one looked. */
class CreatedMeanwhile extends Error {}

/** Two opt-ins of one stash at once, with different nonces: the second finds the first's delegation. */
const delegationCreatedMeanwhile = (stash: Address) =>
  conflict('DELEGATION_EXISTS', `${stash} already has a delegation (created by a concurrent request)`);

/** A unique violation of this one statement as `error` (the transaction is lost either way). */
async function unique<T>(statement: Promise<T>, error: () => Error): Promise<T> {
  try {
    return await statement;
  } catch (e) {
    throw isUniqueViolation(e) ? error() : e;
  }
}

export class PrismaDelegationRepository implements DelegationRepository, DelegationHistoryReader, DelegationViewReader {
  constructor(private readonly db: PrismaClient) {}

  async findByStash(stash: Address): Promise<Delegation | null> {
    const row = await this.db.delegation.findUnique({ where: { stash } });
    return row ? toDomain(row) : null;
  }

  async listByStatus(statuses: Delegation['status'][]): Promise<Delegation[]> {
    const rows = await this.db.delegation.findMany({
      where: { status: { in: statuses } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toDomain);
  }

  async pageByStatus(
    statuses: Delegation['status'][],
    after: Pick<Delegation, 'createdAt' | 'id'> | null,
    limit: number,
  ): Promise<Delegation[]> {
    const rows = await this.db.delegation.findMany({
      where: {
        status: { in: statuses },
        ...(after !== null
          ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toDomain);
  }

  async findByStashes(stashes: Address[]): Promise<Delegation[]> {
    if (stashes.length === 0) return [];
    const rows = await this.db.delegation.findMany({
      where: { stash: { in: stashes } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toDomain);
  }

  async statusesOf(stashes: Address[]): Promise<Map<Address, Delegation['status']>> {
    const rows = await this.db.delegation.findMany({
      where: { stash: { in: stashes } },
      select: { stash: true, status: true },
    });
    return new Map(rows.map((r) => [r.stash, r.status]));
  }

  async history(delegationId: string): Promise<DelegationEvent[]> {
    const rows = await this.db.delegationEvent.findMany({ where: { delegationId }, orderBy: { id: 'asc' } });
    return rows.map(toEvent);
  }

  async historyPage(delegationId: string, page: PageRequest): Promise<Page<DelegationEvent>> {
    const after = idCursor(page.after);
    const rows = await this.db.delegationEvent.findMany({
      where: { delegationId, ...(after !== null ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit, toEvent, (r) => r.id.toString());
  }

  view(stash: Address, history: PageRequest, selections: number): Promise<DelegationView | null> {
    return readDelegationView(this.db, stash, history, selections);
  }

  async transition(input: TransitionInput): Promise<Delegation> {
    // A first opt-in (the hot path): one statement instead of an interactive transaction.
    if (input.expectedFrom === null) {
      const created = await createDelegation(this.db, input);
      if (created === 'nonce-used') throw nonceReplayed();
      if (created === 'delegation-exists') throw delegationCreatedMeanwhile(input.stash);
      return toDomain(created);
    }
    try {
      return await this.db.$transaction(async (tx) => {
        if (input.nonce) await consumeNonce(tx, input.nonce);
        const current = await tx.delegation.findUnique({ where: { stash: input.stash } });
        if (current && input.expectedFrom === null) throw new CreatedMeanwhile();
        if ((current?.status ?? null) !== input.expectedFrom) throw new StatusMoved();
        const sinceAtMost = input.statusSinceAtMost;
        if (sinceAtMost && current && current.statusSince > sinceAtMost) throw new StatusMoved();
        const fields = { status: input.to, statusReason: input.reason, statusSince: input.at };
        let row: DelegationRow;
        if (!current) {
          row = await unique(
            tx.delegation.create({ data: { stash: input.stash, targets: [], ...fields } }),
            () => new CreatedMeanwhile(),
          );
        } else {
          // Compare-and-set on the status, so two concurrent writers cannot both win.
          const updated = await tx.delegation.updateMany({
            where: {
              id: current.id,
              status: current.status,
              ...(sinceAtMost ? { statusSince: { lte: sinceAtMost } } : {}),
            },
            data: {
              ...fields,
              // A fresh opt-in starts a fresh draw.
              ...(input.to === 'pending' && input.source === 'api'
                ? { targets: [], drawnInEra: null, nominatedAt: null }
                : {}),
            },
          });
          if (updated.count !== 1) throw new StatusMoved();
          row = (await tx.delegation.findUnique({ where: { id: current.id } }))!;
        }
        await tx.delegationEvent.create({
          data: {
            delegationId: row.id,
            fromStatus: current?.status ?? null,
            toStatus: input.to,
            reason: input.reason,
            source: input.source,
            at: input.at,
          },
        });
        return toDomain(row);
      });
    } catch (e) {
      if (e instanceof StatusMoved)
        throw conflict('DELEGATION_CHANGED', `the delegation of ${input.stash} changed meanwhile; try again`);
      if (e instanceof CreatedMeanwhile) throw delegationCreatedMeanwhile(input.stash);
      throw e;
    }
  }

  async inFlightTargets(stashes: Address[]): Promise<Map<Address, Address[]>> {
    if (stashes.length === 0) return new Map();
    const rows = await this.db.roundSelection.findMany({
      where: { stash: { in: stashes }, status: 'sent' },
      select: { stash: true, targets: true },
    });
    return new Map(rows.map((r) => [r.stash, r.targets]));
  }
}
