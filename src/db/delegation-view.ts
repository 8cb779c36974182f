import type { DelegationView } from '../domain/delegation/delegation-view.js';
import type { Delegation, DelegationEvent } from '../domain/delegation/types.js';
import type { PageRequest } from '../domain/shared/page.js';
import type { Address } from '../domain/shared/types.js';
import { blockRef } from './mappers.js';
import { idCursor, pageOf } from './page-cursor.js';
import { sqlRows, type PrismaClient } from './prisma-client.js';

/** Milliseconds since the epoch of a TIMESTAMP(3) column (Prisma keeps UTC there): exact, unlike text. */
const ms = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::bigint`;

/**
 * A stash's view in one statement: the delegation, a page of its history (one row more than the
 * page, which says whether a next one exists) and its latest selections, as JSON of one row.
 * Ids are text (bigint), instants are epoch milliseconds.
 */
const VIEW_SQL = `
SELECT json_build_object(
  'id', d.id, 'stash', d.stash, 'status', d.status, 'statusReason', d."statusReason",
  'statusSince', ${ms('d."statusSince"')}, 'targets', d.targets, 'drawnInEra', d."drawnInEra",
  'nominatedAt', ${ms('d."nominatedAt"')}, 'createdAt', ${ms('d."createdAt"')},
  'history', (
    SELECT coalesce(json_agg(json_build_object(
             'id', e.id::text, 'fromStatus', e."fromStatus", 'toStatus', e."toStatus", 'reason', e.reason,
             'source', e.source, 'at', ${ms('e.at')}) ORDER BY e.id), '[]'::json)
    FROM (SELECT * FROM "DelegationEvent"
          WHERE "delegationId" = d.id AND ($2::bigint IS NULL OR id > $2::bigint)
          ORDER BY id LIMIT $3::int) e),
  'selections', (
    SELECT coalesce(json_agg(json_build_object(
             'roundId', s."roundId"::text, 'delegationId', s."delegationId", 'stash', s.stash, 'reason', s.reason,
             'detail', s.detail, 'keptTargets', s."keptTargets", 'drawnTargets', s."drawnTargets",
             'targets', s.targets, 'batchIndex', s."batchIndex", 'status', s.status, 'error', s.error,
             'extrinsicHash', s."extrinsicHash", 'blockHash', s."blockHash", 'blockNumber', s."blockNumber")
           ORDER BY s.id DESC), '[]'::json)
    FROM (SELECT * FROM "RoundSelection" WHERE "delegationId" = d.id ORDER BY id DESC LIMIT $4::int) s)
) AS view
FROM "Delegation" d WHERE d.stash = $1`;

type EventRow = Omit<DelegationEvent, 'at'> & { id: string; at: number };
type SelectionRow = Omit<DelegationView['selections'][number], 'block'> & {
  blockHash: string | null;
  blockNumber: number | null;
};
interface ViewRow {
  view: Omit<Delegation, 'statusSince' | 'nominatedAt' | 'createdAt'> & {
    statusSince: number;
    nominatedAt: number | null;
    createdAt: number;
    history: EventRow[];
    selections: SelectionRow[];
  };
}

/** See DelegationViewReader: one statement on a miss instead of three through Prisma. */
export async function readDelegationView(
  db: PrismaClient,
  stash: Address,
  history: PageRequest,
  selections: number,
): Promise<DelegationView | null> {
  // A stash without a delegation is "not found" whatever the cursor says, as when read in turn.
  let after: bigint | null = null;
  let badCursor: unknown = null;
  try {
    after = idCursor(history.after);
  } catch (error) {
    badCursor = error;
  }
  const [row] = await sqlRows<ViewRow>(
    db,
    VIEW_SQL,
    [stash, after?.toString() ?? null, history.limit + 1, selections],
    'ndest_delegation_view',
  );
  if (!row) return null;
  if (badCursor !== null) throw badCursor;
  const v = row.view;
  return {
    delegation: {
      id: v.id,
      stash: v.stash,
      status: v.status,
      statusReason: v.statusReason,
      statusSince: new Date(v.statusSince),
      targets: v.targets,
      drawnInEra: v.drawnInEra,
      nominatedAt: v.nominatedAt === null ? null : new Date(v.nominatedAt),
      createdAt: new Date(v.createdAt),
    },
    history: pageOf(
      v.history,
      history.limit,
      (e): DelegationEvent => ({
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        reason: e.reason,
        source: e.source,
        at: new Date(e.at),
      }),
      (e) => e.id,
    ),
    selections: v.selections.map(({ blockHash, blockNumber, ...s }) => ({
      ...s,
      block: blockRef(blockHash, blockNumber),
    })),
  };
}
