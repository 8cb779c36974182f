import { Type } from '@sinclair/typebox';
import { PROPOSAL_SCOPES, PROPOSAL_STATUSES, VOTE_CHOICES } from '../../domain/governance/types.js';
import { Address } from './common.schemas.js';
import { NextCursor, pageQueryProperties } from './pagination.schemas.js';

/** Proposals and votes (DESIGN §8). Times are unix seconds, durations seconds, quorums decimal strings. */

/** One of a list of strings (a TypeBox union of literals mapped from a runtime list loses its type). */
const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const UnixSeconds = (description: string) => Type.Integer({ description: `${description} (unix seconds)` });
const UnixSecondsOrNull = (description: string) =>
  Type.Union([Type.Integer(), Type.Null()], { description: `${description} (unix seconds); null until then` });

export const TallySchema = Type.Object(
  {
    yes: Type.Integer({ minimum: 0 }),
    no: Type.Integer({ minimum: 0 }),
    abstain: Type.Integer({ minimum: 0 }),
  },
  {
    additionalProperties: false,
    description:
      'While voting: the votes so far, each voter once. Once closed: the votes of the voters eligible at the close (owners then), which decided it',
  },
);

/** A proposal as every route shows it (the pools' and collectives' proposal routes too). */
export const ProposalSchema = Type.Object(
  {
    id: Type.String({ description: 'The proposal id (a decimal string)' }),
    scope: oneOf(PROPOSAL_SCOPES, 'What it governs: a spending pool or a collective'),
    subject: Type.String({ description: "The pool's or the collective's name" }),
    kind: Type.String({ description: 'update, distribute, pay (pools); update, send-donation, remove (collectives)' }),
    body: Type.Unsafe<Record<string, unknown>>({
      type: 'object',
      additionalProperties: true,
      description: 'The proposal as accepted (kind and its fields), normalised by its subject',
    }),
    proposer: Address,
    status: oneOf(
      PROPOSAL_STATUSES,
      'voting → passed | rejected (at the end of the vote) → enacted | failed (after the enactment delay)',
    ),
    reason: Type.Union([Type.String(), Type.Null()], {
      description:
        'Why it passed or was rejected, what its enactment did, or why the enactment was refused; null while voting',
    }),
    quorum: Type.String({ description: 'Share of eligible voters who must vote yes or no (decimal string)' }),
    votePeriod: Type.Integer({ description: 'Seconds the vote stays open' }),
    voteEnactment: Type.Integer({ description: 'Seconds from the end of the vote to the enactment' }),
    createdAt: UnixSeconds('When it was proposed'),
    votingEndsAt: UnixSeconds('createdAt + votePeriod: votes are taken strictly before it'),
    decidedAt: UnixSecondsOrNull('When the vote was closed (passed or rejected)'),
    enactAt: UnixSecondsOrNull('votingEndsAt + voteEnactment, once passed: enacted at or soon after it'),
    enactedAt: UnixSecondsOrNull('When the enactment ran: enacted, or failed'),
    eligible: Type.Array(Address, {
      description:
        'The eligible voters counted at the close (owner accounts, members of owner roles and the creator, once); empty while voting',
    }),
    tally: TallySchema,
  },
  { additionalProperties: false },
);

export const VoteSchema = Type.Object(
  {
    voter: Address,
    vote: oneOf(VOTE_CHOICES),
    votedAt: UnixSeconds('When the vote was cast (a later vote of the same voter replaces it)'),
  },
  { additionalProperties: false },
);

export const ProposalDetailSchema = Type.Object(
  {
    proposal: ProposalSchema,
    votes: Type.Array(VoteSchema, { description: 'Each voter’s last vote, oldest first' }),
  },
  { additionalProperties: false },
);

export const ProposalIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

export const ProposalListQuerySchema = Type.Object({
  pool: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this spending pool's proposals" })),
  collective: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "Only this collective's proposals (not with pool)" }),
  ),
  ...pageQueryProperties,
});

export const ProposalListSchema = Type.Object(
  {
    proposals: Type.Array(ProposalSchema, { description: 'Newest first' }),
    nextCursor: NextCursor('proposals'),
  },
  { additionalProperties: false },
);

/** `proposal.vote` payload fields; checked by the use-case so that each gets its own code. */
export const VoteFieldsSchema = Type.Object({
  proposal: Type.String({ maxLength: 40, description: 'The id of the proposal in the URL' }),
  vote: Type.String({ maxLength: 16, description: 'yes, no or abstain' }),
});

export const VoteResponseSchema = Type.Object(
  { vote: VoteSchema, proposal: ProposalSchema, votes: ProposalDetailSchema.properties.votes },
  { additionalProperties: false },
);
