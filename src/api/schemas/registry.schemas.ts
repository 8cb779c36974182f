import { Type } from '@sinclair/typebox';
import { Address } from './common.schemas.js';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

/** An exact decimal string; checked by the domain, which names the field in its error code. */
const DecimalString = (description: string, examples: string[]) =>
  Type.String({
    maxLength: 80,
    description: `${description}: an exact decimal string (at most 18 fractional digits)`,
    examples,
  });

export const DenomParamsSchema = Type.Object({
  denom: Type.String({
    pattern: '^[A-Za-z][A-Za-z0-9._-]{0,31}$',
    description: "The token's symbol in the service, e.g. KSM or USDt",
    examples: ['KSM'],
  }),
});

export const TokenKindSchema = Type.Union([Type.Literal('native'), Type.Literal('asset')], {
  description: '"native": the chain\'s own token (`balances`); "asset": a `pallet-assets` asset by id',
});

export const TokenSchema = Type.Object(
  {
    denom: Type.String(),
    kind: TokenKindSchema,
    assetId: Type.Union([Type.Integer(), Type.Null()], { description: 'The asset id; null for the native token' }),
    decimals: Type.Integer(),
    rate: Type.String({ description: 'Base units per whole token (10^decimals planck)' }),
    staking: Type.Boolean({ description: 'A staking token: bonded by `staking` (the native token only)' }),
  },
  { additionalProperties: false },
);

export const TokenBodySchema = Type.Object(
  {
    kind: TokenKindSchema,
    assetId: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 4_294_967_295,
        description: 'Required for an asset, absent for the native token',
      }),
    ),
    decimals: Type.Integer({ minimum: 0, maximum: 38, description: "For the native token: the chain's" }),
    rate: DecimalString('Base units per whole token (10^decimals planck), at least 0', ['1', '0.25']),
    staking: Type.Optional(
      Type.Boolean({ description: 'A staking token (only the native token may be one); default false' }),
    ),
  },
  { additionalProperties: false },
);

export const TokenResponseSchema = Type.Object({ token: TokenSchema });

export const TokenListQuerySchema = Type.Object(pageQueryProperties);

export const TokenListSchema = Type.Object({ tokens: Type.Array(TokenSchema), nextCursor: NextCursor('tokens') });

export const RoleNameParamsSchema = Type.Object({
  name: Type.String({
    pattern: '^[a-zA-Z][a-zA-Z0-9_-]{2,31}$',
    description: "The role's name",
    examples: ['council'],
  }),
});

export const RoleMemberParamsSchema = Type.Object({
  name: RoleNameParamsSchema.properties.name,
  address: Address,
});

export const RoleSchema = Type.Object(
  {
    name: Type.String(),
    memberCount: Type.Integer(),
    createdAt: Type.Integer({ description: 'Unix seconds' }),
  },
  { additionalProperties: false },
);

export const RoleResponseSchema = Type.Object({ role: RoleSchema });

export const RoleListQuerySchema = Type.Object(pageQueryProperties);

export const RoleListSchema = Type.Object({ roles: Type.Array(RoleSchema), nextCursor: NextCursor('roles') });

export const RoleMembersQuerySchema = Type.Object(pageQueryProperties);

export const RoleViewSchema = Type.Object({
  role: RoleSchema,
  members: Type.Array(Type.String(), { description: 'Members by address, a page at a time' }),
  nextCursor: NextCursor('members'),
});

export const RoleMemberResponseSchema = Type.Object({
  role: Type.String(),
  address: Type.String({ description: "The member, in the network's address format" }),
});

const networkPropertyFields = {
  minCollectiveBond: DecimalString('The least bonded value of a collective, in base units', ['100000']),
  minCollectiveBondingTime: Type.Integer({
    minimum: 0,
    maximum: 2_147_483_647,
    description: 'Seconds a new collective has to reach minCollectiveBond',
  }),
  maxCollectiveOutputs: Type.Integer({
    minimum: 1,
    maximum: 2_147_483_647,
    description: 'Most spending pools a collective may pay into',
  }),
  minCollectiveClaimPeriod: Type.Integer({
    minimum: 0,
    maximum: 2_147_483_647,
    description: 'Least seconds between two claims of a collective',
  }),
};

export const NetworkPropertiesSchema = Type.Object(
  {
    minCollectiveBond: Type.String({ description: 'Base units, an exact decimal string' }),
    minCollectiveBondingTime: Type.Integer(),
    maxCollectiveOutputs: Type.Integer(),
    minCollectiveClaimPeriod: Type.Integer(),
    updatedAt: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Unix seconds of the last change; null: the defaults, never set',
    }),
  },
  { additionalProperties: false },
);

export const NetworkPropertiesBodySchema = Type.Object(
  {
    minCollectiveBond: Type.Optional(networkPropertyFields.minCollectiveBond),
    minCollectiveBondingTime: Type.Optional(networkPropertyFields.minCollectiveBondingTime),
    maxCollectiveOutputs: Type.Optional(networkPropertyFields.maxCollectiveOutputs),
    minCollectiveClaimPeriod: Type.Optional(networkPropertyFields.minCollectiveClaimPeriod),
  },
  { additionalProperties: false, description: 'The properties to change; the others are kept' },
);
