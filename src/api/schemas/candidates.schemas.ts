import { Type } from '@sinclair/typebox';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

export const CandidateSchema = Type.Object({
  stash: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  eligible: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'PROGRAMME_INVALID, NOT_VALIDATING, BLOCKED, COMMISSION_TOO_HIGH or ACTIVE; null when eligible',
  }),
  detail: Type.Union([Type.String(), Type.Null()]),
  validating: Type.Boolean(),
  commission: Type.Union([Type.Integer(), Type.Null()], { description: 'Perbill' }),
  blocked: Type.Union([Type.Boolean(), Type.Null()]),
  elected: Type.Boolean(),
  programmeValid: Type.Union([Type.Boolean(), Type.Null()]),
});

export const SnapshotHoldSchema = Type.Union(
  [
    Type.Null(),
    Type.Object({
      reason: Type.String({ description: 'How far the eligible set moved since the last usable snapshot' }),
      confirmedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'When an admin confirmed it (POST /v1/admin/candidates/confirm); null: still held',
      }),
    }),
  ],
  { description: 'Null unless the eligible set changed by more than CANDIDATES_MAX_CHANGE_PERCENT' },
);

export const CandidatesResponseSchema = Type.Object({
  snapshotId: Type.String(),
  source: Type.String(),
  fetchedAt: Type.String({ format: 'date-time' }),
  activeEra: Type.Integer(),
  at: Type.Object({ hash: Type.String(), number: Type.Integer() }),
  commissionCap: Type.Integer({ description: 'Perbill' }),
  eligibleCount: Type.Integer(),
  usable: Type.Boolean({ description: 'False while the snapshot is held: no round draws from it' }),
  hold: SnapshotHoldSchema,
  candidateCount: Type.Integer({ description: 'Candidates in the snapshot, over all pages' }),
  candidates: Type.Array(CandidateSchema, { description: "A page of the snapshot's candidates" }),
  nextCursor: NextCursor('candidates'),
  rejected: Type.Array(Type.Object({ entry: Type.String(), reason: Type.String(), detail: Type.String() }), {
    description: 'Entries of the source that are not usable at all (bad address, duplicate, …)',
  }),
});

/** Later pages stay on the snapshot of the first (its id is in the cursor), whatever was taken since. */
export const CandidatesQuerySchema = Type.Object({
  ...pageQueryProperties,
  snapshot: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,18}$',
      description:
        "A snapshot id (a round's `snapshotId`): that snapshot instead of the latest, e.g. to replay a round's draw from its own candidates",
    }),
  ),
});
