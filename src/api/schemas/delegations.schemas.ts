import { Type, type Static } from '@sinclair/typebox';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

export const DelegationStatusSchema = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('active'),
    Type.Literal('opted_out'),
    Type.Literal('revoked'),
    Type.Literal('manual'),
  ],
  { description: 'pending → active → opted_out | revoked | manual' },
);

export const DelegationSchema = Type.Object({
  stash: Type.String(),
  status: DelegationStatusSchema,
  statusReason: Type.String(),
  statusSince: Type.String({ format: 'date-time' }),
  targets: Type.Array(Type.String(), { description: 'Validators the service last nominated for this stash' }),
  drawnInEra: Type.Union([Type.Integer(), Type.Null()]),
  nominatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const SetupCallSchema = Type.Object({
  callData: Type.String({ description: 'SCALE-encoded call (hex) for the wallet to sign and submit' }),
  callHash: Type.String(),
  description: Type.Array(Type.String()),
});

export const OptInFieldsSchema = Type.Object({
  bond: Type.Optional(
    Type.String({
      pattern: '^(0|[1-9][0-9]{0,38})$',
      description: 'Planck to bond in the setup call, when the stash is not bonded yet (at most 2^128 - 1)',
    }),
  ),
});

export const OptInResponseSchema = Type.Object({
  delegation: DelegationSchema,
  operator: Type.String({ description: 'The account the Staking proxy must be given to' }),
  setup: Type.Union([SetupCallSchema, Type.Null()], {
    description:
      'utility.batchAll([staking.bond?, proxy.addProxy(operator, Staking, 0)]); null when the chain already has all',
  }),
  chain: Type.Object({
    bonded: Type.Union([Type.String(), Type.Null()]),
    minNominatorBond: Type.String(),
    proxy: Type.Boolean(),
  }),
  notes: Type.Array(Type.String()),
});

export const HistoryEntrySchema = Type.Object({
  fromStatus: Type.Union([DelegationStatusSchema, Type.Null()]),
  toStatus: DelegationStatusSchema,
  reason: Type.String(),
  source: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

export const DelegationSelectionSchema = Type.Object({
  roundId: Type.String(),
  reason: Type.String(),
  targets: Type.Array(Type.String()),
  keptTargets: Type.Array(Type.String()),
  status: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  extrinsicHash: Type.Union([Type.String(), Type.Null()]),
  block: Type.Union([Type.Object({ hash: Type.String(), number: Type.Integer() }), Type.Null()]),
});

export const DelegationViewSchema = Type.Object({
  delegation: DelegationSchema,
  warnings: Type.Array(Type.String(), {
    description:
      'Why the stash earns nothing right now: no nominee in the active set, or a bond below minimumActiveStake',
  }),
  history: Type.Array(HistoryEntrySchema, { description: 'A page of the status changes, oldest first' }),
  nextCursor: NextCursor('history'),
  selections: Type.Array(DelegationSelectionSchema, {
    description: 'The latest round selections (at most 20), newest first',
  }),
});

/** `limit` and `cursor` page through the delegation's history. */
export const DelegationViewQuerySchema = Type.Object(pageQueryProperties);

export const AddressParamsSchema = Type.Object({ address: Type.String({ minLength: 1, maxLength: 64 }) });

export type DelegationDto = Static<typeof DelegationSchema>;
