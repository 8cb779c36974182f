import { Type } from '@sinclair/typebox';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

const BlockRefOrNull = Type.Union([Type.Object({ hash: Type.String(), number: Type.Integer() }), Type.Null()]);

export const RoundSummarySchema = Type.Object({
  id: Type.String(),
  trigger: Type.String({ description: 'era (a change of activeEra) or admin' }),
  dryRun: Type.Boolean(),
  status: Type.String({ description: 'planning, planned, sending, completed or skipped' }),
  activeEra: Type.Union([Type.Integer(), Type.Null()]),
  seed: Type.Union([Type.String(), Type.Null()], {
    description:
      'The seed of the draw: SHA-256 of `ndest-round-seed:v1:<round id>:<seed block hash>` (0x hex), replayable and checkable against the chain',
  }),
  commitBlockNumber: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The head when the round fixed its snapshot and committed to its seed block',
  }),
  seedBlockNumber: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The block, after the commitment, whose hash seeds the draw',
  }),
  seedBlockHash: Type.Union([Type.String(), Type.Null()], { description: 'That block’s hash, as read when finalized' }),
  snapshotId: Type.Union([Type.String(), Type.Null()]),
  targetsPerDelegator: Type.Integer(),
  rotationEras: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  plannedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const SelectionSchema = Type.Object({
  stash: Type.String(),
  reason: Type.String({ description: 'new, rotation, target_invalid or incomplete' }),
  detail: Type.Union([Type.String(), Type.Null()]),
  keptTargets: Type.Array(Type.String()),
  drawnTargets: Type.Array(Type.String()),
  targets: Type.Array(Type.String()),
  batchIndex: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String({ description: 'planned, sent, succeeded, failed, dry_run or cancelled' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'The module error, e.g. proxy.NotProxy' }),
  extrinsicHash: Type.Union([Type.String(), Type.Null()]),
  block: BlockRefOrNull,
});

export const BatchSchema = Type.Object({
  index: Type.Integer(),
  status: Type.String(),
  itemCount: Type.Integer(),
  nonce: Type.Union([Type.Integer(), Type.Null()]),
  extrinsicHash: Type.Union([Type.String(), Type.Null()]),
  block: BlockRefOrNull,
  fee: Type.Union([Type.String(), Type.Null()], { description: 'Planck paid by the operator' }),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const RoundDetailSchema = Type.Object({
  round: RoundSummarySchema,
  snapshot: Type.Union([
    Type.Object({
      id: Type.String(),
      source: Type.String(),
      fetchedAt: Type.String({ format: 'date-time' }),
      at: Type.Object({ hash: Type.String(), number: Type.Integer() }),
      eligibleInactive: Type.Array(Type.String(), { description: 'The pool the draw picked from, in canonical order' }),
    }),
    Type.Null(),
  ]),
  selections: Type.Array(SelectionSchema, { description: 'A page of the selections, in plan order' }),
  nextCursor: NextCursor('selections'),
  batches: Type.Array(BatchSchema, { description: 'Every batch (one per up to a few hundred selections)' }),
});

export const ReplaySchema = Type.Object({
  roundId: Type.String(),
  matches: Type.Boolean({
    description: 'True when every recorded draw of the round (all pages) comes out the same from the snapshot and seed',
  }),
  seed: Type.Object(
    {
      blockNumber: Type.Union([Type.Integer(), Type.Null()]),
      recordedBlockHash: Type.Union([Type.String(), Type.Null()]),
      chainBlockHash: Type.Union([Type.String(), Type.Null()], {
        description: 'The hash of that block on the finalized chain, read now (null: the chain could not be read)',
      }),
      derivedSeed: Type.Union([Type.String(), Type.Null()], {
        description: 'The seed derived again from the recorded block hash',
      }),
      matches: Type.Boolean({
        description: 'True when the chain holds the recorded block hash and the round’s seed derives from it',
      }),
      detail: Type.String(),
    },
    { description: 'The seed checked against the chain: nobody chose it' },
  ),
  nextCursor: NextCursor('selections'),
  selections: Type.Array(
    Type.Object({
      stash: Type.String(),
      recorded: Type.Array(Type.String()),
      replayed: Type.Array(Type.String()),
      matches: Type.Boolean(),
    }),
  ),
});

export const RoundListQuerySchema = Type.Object({
  ...pageQueryProperties,
  before: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,18}$', description: 'Rounds with a smaller id (the same as `cursor`)' }),
  ),
});

export const RoundListSchema = Type.Object({
  rounds: Type.Array(
    Type.Intersect([
      RoundSummarySchema,
      Type.Object({ selectionCount: Type.Integer({ description: 'How many delegators the round drew for' }) }),
    ]),
  ),
  nextCursor: NextCursor('rounds'),
});

/** GET /v1/rounds/{id} and its replay page through the round's selections. */
export const RoundSelectionsQuerySchema = Type.Object(pageQueryProperties);

export const RoundIdParamsSchema = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
