import { Type } from '@sinclair/typebox';
import { BREACH_KINDS, COLLECTIVE_STATUSES, CONTRIBUTION_STATUSES } from '../../domain/collectives/types.js';
import { Address, BlockRef, Planck } from './common.schemas.js';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

/**
 * Staking collectives (DESIGN §2, §8). The payload schemas say which fields a request may carry
 * and of what JSON type; their rules (names, decimals, registries, whitelists) are the domain's,
 * checked with a code per field, so most fields are optional here even where the rules need them.
 * The response schemas are exact (no property unlisted): amounts planck as decimal strings,
 * times unix seconds, shares, donations, quorums and values decimal strings (§8 JSON types).
 */

/** One of a list of strings (a TypeBox union of literals mapped from a runtime list loses its type). */
const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const DecimalIn = (description: string) => Type.String({ maxLength: 80, description });
const SecondsIn = (description: string) => Type.Integer({ description });
const Names = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 });
const CollectiveRef = Type.String({ maxLength: 64, description: 'The collective of the URL' });

const BondsIn = (description: string) =>
  Type.Array(
    Type.Object(
      {
        denom: Type.String({ maxLength: 40, description: 'A staking token of the registry (e.g. "KSM")' }),
        amount: Type.String({ maxLength: 40, description: 'Planck, a decimal string' }),
      },
      { additionalProperties: false },
    ),
    { maxItems: 20, description },
  );

const settingsProperties = {
  description: Type.Optional(Type.String({ maxLength: 1024, description: 'At most 256 characters' })),
  depositWhitelist: Type.Optional(
    Type.Object(
      {
        any: Type.Optional(Type.Boolean({ description: 'Anyone may contribute' })),
        roles: Type.Optional(Names),
        accounts: Type.Optional(Names),
      },
      { additionalProperties: false, description: 'Who may contribute (the creator always may)' },
    ),
  ),
  ownersWhitelist: Type.Optional(
    Type.Object(
      { roles: Type.Optional(Names), accounts: Type.Optional(Names) },
      { additionalProperties: false, description: 'Who owns it besides the creator: proposes and votes' },
    ),
  ),
  spendingPools: Type.Optional(
    Type.Array(
      Type.Object(
        {
          name: Type.String({ maxLength: 64, description: 'An existing spending pool' }),
          share: DecimalIn('Its share of the rewards for the pools, e.g. "0.5"; the shares sum to exactly 1'),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100, description: '1 to maxCollectiveOutputs pools' },
    ),
  ),
  claimStart: Type.Optional(SecondsIn('Unix seconds claims start at (default: creation)')),
  claimPeriod: Type.Optional(
    SecondsIn('Seconds between claims (default 86400, at least the network’s minCollectiveClaimPeriod)'),
  ),
  claimEnd: Type.Optional(SecondsIn('Unix seconds claims end at; 0: never (default)')),
  voteQuorum: Type.Optional(DecimalIn('Share of the owners who must vote yes or no, e.g. "0.51" (default)')),
  votePeriod: Type.Optional(SecondsIn('Seconds a vote stays open (default 600)')),
  voteEnactment: Type.Optional(SecondsIn('Seconds between the end of a vote and its enactment (default 300)')),
};

/** `collective.create` (POST /v1/collectives). */
export const CollectiveCreateFields = Type.Object({
  name: Type.String({ maxLength: 64, description: '^[a-zA-Z][a-zA-Z0-9_-]{2,31}$, unique and immutable' }),
  bonds: Type.Optional(BondsIn('The creator’s stake committed, per staking token: at least 10% of minCollectiveBond')),
  ...settingsProperties,
});

/** `collective.contribute` (POST /v1/collectives/{name}/contributions). */
export const CollectiveContributeFields = Type.Object({
  collective: CollectiveRef,
  bonds: Type.Optional(BondsIn('Stake of the signer’s own stash committed, per staking token')),
});

/** `collective.donate` (POST /v1/collectives/{name}/donation). */
export const CollectiveDonateFields = Type.Object({
  collective: CollectiveRef,
  locking: Type.Optional(
    SecondsIn(
      'Unix seconds before which nothing can be withdrawn: at most 365 days after the later of now and the current one, never earlier',
    ),
  ),
  donation: Type.Optional(DecimalIn('Share of your rewards donated to the collective, "0" to "1"')),
  donationLock: Type.Optional(Type.Boolean({ description: 'Freezes the donation until the unlock date' })),
});

/** `collective.withdraw` (POST /v1/collectives/{name}/withdrawal). */
export const CollectiveWithdrawFields = Type.Object({
  collective: CollectiveRef,
  bonds: Type.Optional(BondsIn('What to withdraw, per staking token (default: everything)')),
});

/** `collective.propose` (POST /v1/collectives/{name}/proposals). */
export const CollectiveProposeFields = Type.Object({
  collective: CollectiveRef,
  proposal: Type.Unsafe<Record<string, unknown>>({
    type: 'object',
    description:
      '`{kind: "update", changes: {…any create field but name and bonds, plus status "paused" | "active"}}` | `{kind: "send-donation", transfers: [{address, denom, amount}]}` | `{kind: "remove"}`',
  }),
});

export const CollectiveNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

// ---- responses

const UnixSeconds = (description: string) => Type.Integer({ description: `${description} (unix seconds)` });
const UnixSecondsOrNull = (description: string) =>
  Type.Union([Type.Integer(), Type.Null()], { description: `${description} (unix seconds); null: none` });
const Decimal = (description: string) => Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', description });

const BondSchema = Type.Object({ denom: Type.String(), amount: Planck }, { additionalProperties: false });
const BondsSchema = (description: string) => Type.Array(BondSchema, { description });

export const ContributorSchema = Type.Object(
  {
    address: Address,
    status: oneOf(
      CONTRIBUTION_STATUSES,
      'counting: its bonds count and earn for the collective; released (withdrawn, or the collective removed) or breached: no longer',
    ),
    bonds: BondsSchema('What the stash commits, per staking token (empty once released or breached)'),
    locking: Type.Integer({ description: 'Unix seconds before which nothing can be withdrawn; 0: not locked' }),
    donation: Decimal('Share of its rewards donated to the collective'),
    donationLock: Type.Boolean({ description: 'The donation is frozen until the unlock date' }),
    joinedAt: UnixSeconds('When it (last) started counting'),
    endedReason: Type.Union([Type.String(), Type.Null()], { description: 'Why it stopped counting; null: counting' }),
    endedAt: UnixSecondsOrNull('When it stopped counting'),
  },
  { additionalProperties: false },
);

/** What the contribution, donation and withdrawal routes answer: the signer's contribution after the request. */
export const ContributionResponseSchema = Type.Object(
  { collective: Type.String(), ...ContributorSchema.properties },
  { additionalProperties: false },
);

const BreachSchema = Type.Object(
  {
    address: Address,
    kind: oneOf(BREACH_KINDS, 'What the chain showed'),
    detail: Type.String(),
    block: Type.Union([BlockRef, Type.Null()], { description: 'Where it was seen; null: without a block' }),
    at: UnixSeconds('When it was recorded'),
  },
  { additionalProperties: false },
);

const BookCheckSchema = Type.Object(
  {
    chainBalance: Planck,
    expected: Planck,
    difference: Type.String({
      pattern: '^-?(0|[1-9][0-9]*)$',
      description: 'chainBalance − expected, planck (0: the books agree with the chain)',
    }),
    at: BlockRef,
    checkedAt: UnixSeconds('When it was checked'),
  },
  { additionalProperties: false },
);

const TokenBooksSchema = Type.Object(
  {
    denom: Type.String(),
    received: Planck,
    distributed: Planck,
    toPools: Planck,
    donationsSent: Planck,
    donationsHeld: Planck,
    awaiting: Planck,
    returned: Planck,
    chain: Type.Union([BookCheckSchema, Type.Null()], {
      description: "The last check of the account's balance on chain; null: not checked",
    }),
  },
  {
    additionalProperties: false,
    description:
      'received = distributed + donationsHeld + awaiting + returned, to the planck; distributed = toPools + donationsSent',
  },
);

const DistributionSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('claim'), Type.Literal('final')]),
    at: UnixSeconds('When it ran'),
    amounts: BondsSchema('Sent to the pools per token (empty: nothing had arrived)'),
  },
  { additionalProperties: false },
);

const BookedRewardSchema = Type.Object(
  {
    stash: Address,
    era: Type.Union([Type.Integer(), Type.Null()]),
    denom: Type.String(),
    amount: Planck,
    returned: Planck,
    donation: Planck,
    forPools: Planck,
    block: BlockRef,
    bookedAt: UnixSeconds('When it was booked'),
  },
  {
    additionalProperties: false,
    description:
      "A `staking.Rewarded` paid to the collective's account: amount = returned (the uncommitted share, back to the stash) + donation + forPools",
  },
);

const TransferSchema = Type.Object(
  {
    id: Type.String(),
    kind: oneOf(['pool', 'return', 'donation'] as const, 'To a spending pool, back to a stash, or a donation sent'),
    address: Address,
    poolName: Type.Union([Type.String(), Type.Null()], { description: 'The spending pool it goes to, if any' }),
    denom: Type.String(),
    amount: Planck,
    status: oneOf(
      ['owed', 'planned', 'sent', 'paid', 'failed'] as const,
      'owed → planned (in a batch) → sent → paid | failed (owed again when the batch failed before the chain)',
    ),
    error: Type.Union([Type.String(), Type.Null()]),
    distributionId: Type.Union([Type.String(), Type.Null()]),
    proposalId: Type.Union([Type.String(), Type.Null()], { description: 'The send-donation proposal, if any' }),
    createdAt: UnixSeconds('When it was owed'),
  },
  { additionalProperties: false },
);

export const CollectiveDetailSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    creator: Address,
    status: oneOf(
      COLLECTIVE_STATUSES,
      'Computed at the read: active when the bonded value reaches the minimum and claims have started; paused by the owners; removed',
    ),
    bondedValue: Decimal('Σ counting bonds valued at the registry’s current rates (base units)'),
    minimum: Decimal('minCollectiveBond now (base units)'),
    bonded: BondsSchema('Σ counting bonds per token'),
    paused: Type.Boolean(),
    depositWhitelist: Type.Object(
      { any: Type.Boolean(), roles: Type.Array(Type.String()), accounts: Type.Array(Address) },
      { additionalProperties: false },
    ),
    ownersWhitelist: Type.Object(
      { roles: Type.Array(Type.String()), accounts: Type.Array(Address) },
      { additionalProperties: false, description: 'The creator is an owner too' },
    ),
    spendingPools: Type.Array(
      Type.Object({ name: Type.String(), share: Decimal('Its share') }, { additionalProperties: false }),
    ),
    claimStart: UnixSeconds('Claims start'),
    claimPeriod: Type.Integer({ description: 'Seconds between claims, at least' }),
    claimEnd: Type.Integer({ description: 'Unix seconds claims end at; 0: never' }),
    voteQuorum: Decimal('Share of the owners who must vote yes or no'),
    votePeriod: Type.Integer({ description: 'Seconds a vote stays open' }),
    voteEnactment: Type.Integer({ description: 'Seconds from the end of a vote to its enactment' }),
    lastDistro: UnixSecondsOrNull('The last claim (whether or not rewards had arrived)'),
    bondingDeadline: UnixSeconds('Removed then unless the bonded value reached the minimum before'),
    reachedMinimumAt: UnixSecondsOrNull('When the bonded value first reached the minimum'),
    account: Type.Union([Address, Type.Null()], {
      description:
        "The collective's account (a pure proxy of the operator), rewards are paid to; null until it exists on chain",
    }),
    accountStatus: Type.Union([Type.Literal('creating'), Type.Literal('endowing'), Type.Literal('ready')]),
    contributors: Type.Array(ContributorSchema, { description: 'Every contributor, counting or not, oldest first' }),
    breaches: Type.Array(BreachSchema, { description: 'Contributions broken on chain, public for good' }),
    books: Type.Array(TokenBooksSchema, { description: 'Per token' }),
    donations: BondsSchema('Donations held per token; owners send them by proposal'),
    rewards: BondsSchema('Rewards awaiting distribution to the pools, per token'),
    distributions: Type.Array(DistributionSchema, { description: 'A page of them, newest first' }),
    nextDistributionsCursor: NextCursor('distributions'),
    bookedRewards: Type.Array(BookedRewardSchema, { description: 'The latest 100 rewards booked, newest first' }),
    transfers: Type.Array(TransferSchema, {
      description: "The latest 100 transfers out of the collective's account, newest first",
    }),
    removed: Type.Union(
      [
        Type.Object({ at: UnixSeconds('When it was removed'), reason: Type.String() }, { additionalProperties: false }),
        Type.Null(),
      ],
      { description: 'null unless removed' },
    ),
    createdAt: UnixSeconds('When it was created'),
  },
  { additionalProperties: false },
);

export const CollectiveDetailQuery = Type.Object(pageQueryProperties);
export const CollectiveNamesSchema = Type.Object(
  { names: Type.Array(Type.String()), nextCursor: NextCursor('names') },
  { additionalProperties: false },
);
export const AccountCollectivesSchema = Type.Object(
  { address: Address, collectives: Type.Array(Type.String()) },
  { additionalProperties: false },
);
