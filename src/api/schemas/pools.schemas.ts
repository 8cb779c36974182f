import { Type } from '@sinclair/typebox';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

/**
 * Spending pools (DESIGN §3, §8). The payload schemas say which fields a request may carry and of
 * what JSON type; their rules (names, decimals, registries) are checked by the domain, with a code
 * per field. Planck, weights and rates are decimal strings; times unix seconds.
 */
const Decimal = (description: string) => Type.String({ maxLength: 80, description });
const Seconds = (description: string) => Type.Integer({ description });
const Roles = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });
const Accounts = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });

export const PoolNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

const settingsProperties = {
  description: Type.Optional(Type.String({ maxLength: 1024, description: 'At most 256 characters' })),
  claimStart: Type.Optional(Seconds('Unix seconds claims start at (default: creation)')),
  claimEnd: Type.Optional(Seconds('Unix seconds claims end at; 0: never')),
  claimExpire: Type.Optional(Seconds('Seconds a claim reaches back; 0: no cap; dynamic pools: their period')),
  voteQuorum: Type.Optional(Decimal('Share of the owners who must vote yes or no, e.g. "0.51" (default)')),
  votePeriod: Type.Optional(Seconds('Seconds a vote stays open (default 600)')),
  voteEnactment: Type.Optional(Seconds('Seconds between the end of a vote and its enactment (default 300)')),
  owners: Type.Optional(
    Type.Object({ roles: Type.Optional(Roles), accounts: Type.Optional(Accounts) }, { additionalProperties: false }),
  ),
  beneficiaries: Type.Optional(
    Type.Object(
      {
        roles: Type.Optional(
          Type.Array(
            Type.Object(
              { name: Type.String({ maxLength: 64 }), weight: Type.Optional(Decimal('Default "1"')) },
              { additionalProperties: false },
            ),
            { maxItems: 100 },
          ),
        ),
        accounts: Type.Optional(
          Type.Array(
            Type.Object(
              { address: Type.String({ maxLength: 64 }), weight: Type.Optional(Decimal('Default "1"')) },
              { additionalProperties: false },
            ),
            { maxItems: 100 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
  ),
  tokenRates: Type.Optional(
    Type.Array(
      Type.Object(
        { denom: Type.String({ maxLength: 40 }), rate: Decimal('Planck per second per unit of weight') },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  ),
  dynamicRate: Type.Optional(Type.Boolean()),
  dynamicRatePeriod: Type.Optional(Seconds('Seconds of a dynamic period')),
};

export const PoolCreateFields = Type.Object({ name: Type.String({ maxLength: 64 }), ...settingsProperties });
export const PoolRefFields = Type.Object({ pool: Type.String({ maxLength: 64, description: 'The pool of the URL' }) });
export const PoolProposeFields = Type.Object({
  pool: Type.String({ maxLength: 64 }),
  proposal: Type.Unsafe<Record<string, unknown>>({
    type: 'object',
    description:
      '`{kind: "update", changes: {…any create field but name}}` | `{kind: "distribute"}` | `{kind: "pay", payments: [{address, denom, amount}]}`',
  }),
});

const Open = (description: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

export const PoolDetailSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    creator: Type.String(),
    account: Type.Union([Type.String(), Type.Null()], {
      description: "The pool's account (a pure proxy of the operator); null until it exists on chain",
    }),
    accountStatus: Type.String({ description: 'creating | endowing | ready' }),
    createdAt: Type.Integer(),
    claimStart: Type.Integer(),
    claimEnd: Type.Integer(),
    claimExpire: Type.Integer(),
    voteQuorum: Type.String(),
    votePeriod: Type.Integer(),
    voteEnactment: Type.Integer(),
    owners: Open('{roles, accounts}; the creator is an owner too'),
    beneficiaries: Open('{roles: [{name, weight}], accounts: [{address, weight}]}'),
    dynamicRate: Type.Boolean(),
    dynamicRatePeriod: Type.Union([Type.Integer(), Type.Null()]),
    tokenRates: Type.Array(Open('{denom, rate}: static rates, planck per second per unit of weight')),
    currentPeriod: Type.Union([
      Open('{index, start, end, deposits: {denom: planck}, rates: [{denom, rate, deposits, totalWeight}]}'),
      Type.Null(),
    ]),
    balances: Type.Array(
      Open(
        'Per token: deposited, paid, owed, held (deposited = paid + owed + held) and the last check against the chain',
      ),
    ),
    unknownTokens: Type.Array(Open('Transfers of assets the registry does not know: held, never distributed')),
    registrations: Type.Array(Open('{address, registeredAt, lastClaimAt}')),
    owed: Type.Array(Open('{address, denom, amount, note}: what the pool owes and has not paid yet')),
    claims: Type.Array(Open('Payout lines, newest first: claims, distributions, settlements, payments')),
    nextClaimsCursor: NextCursor('claims'),
  },
  { additionalProperties: false },
);

export const PoolDetailQuery = Type.Object(pageQueryProperties);
export const PoolNamesSchema = Type.Object({ names: Type.Array(Type.String()), nextCursor: NextCursor('names') });
