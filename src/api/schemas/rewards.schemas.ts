import { Type } from '@sinclair/typebox';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

export const RewardsQuerySchema = Type.Object({
  format: Type.Union([Type.Literal('json'), Type.Literal('csv')], {
    default: 'json',
    description: 'json: a page at a time; csv: one file with every reward of the era range (limit and cursor ignored)',
  }),
  // Era indices are u32 on chain.
  fromEra: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  toEra: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  ...pageQueryProperties,
});

export const RewardSchema = Type.Object({
  era: Type.Union([Type.Integer(), Type.Null()]),
  validator: Type.Union([Type.String(), Type.Null()]),
  amount: Type.String({ description: 'Planck' }),
  amountUnits: Type.String({ description: 'The amount in the token (e.g. KSM), exact' }),
  destination: Type.Union([Type.String(), Type.Null()], {
    description: 'Where the reward went (Staked, Stash, an account, …)',
  }),
  block: Type.Object({ hash: Type.String(), number: Type.Integer() }),
  extrinsicHash: Type.Union([Type.String(), Type.Null()]),
  paidBy: Type.Union([Type.String(), Type.Null()], { description: 'Who sent the payout' }),
});

export const RewardsResponseSchema = Type.Object({
  stash: Type.String(),
  token: Type.String(),
  total: Type.String({ description: 'Planck: every reward of the era range, over all pages' }),
  rewards: Type.Array(RewardSchema, { description: 'A page of the rewards, oldest first' }),
  nextCursor: NextCursor('rewards'),
});

export const StatsQuerySchema = Type.Object({
  eras: Type.Integer({ minimum: 1, maximum: 1000, default: 84, description: 'How many of the latest eras to list' }),
});

export const StatsResponseSchema = Type.Object({
  delegators: Type.Record(Type.String(), Type.Integer(), { description: 'By status' }),
  latestEra: Type.Union([Type.Integer(), Type.Null()]),
  stakeUnderManagement: Type.String({
    description: 'Planck bonded by the active delegations at the start of the latest era',
  }),
  validatorsNominated: Type.Integer(),
  validatorsEnteredActiveSet: Type.Integer({
    description: 'Distinct validators elected while NDeST nominated them, having not been elected the era before',
  }),
  payoutFees: Type.Array(
    Type.Object({
      era: Type.Integer(),
      batches: Type.Integer(),
      items: Type.Integer({ description: 'Pages sent' }),
      fee: Type.String({ description: 'Planck the operator paid' }),
    }),
    { description: 'Fees of the payouts the operator sent, by the era paid' },
  ),
  eras: Type.Array(
    Type.Object({
      era: Type.Integer(),
      delegatorsActive: Type.Integer(),
      delegatorsPending: Type.Integer(),
      stake: Type.String(),
      validatorsNominated: Type.Integer(),
      validatorsElected: Type.Integer(),
      entered: Type.Array(Type.String()),
      payoutFee: Type.String({ description: 'Planck the operator paid for payouts of this era' }),
    }),
  ),
});
