import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

/**
 * Schemas shared by every route, declared once. They feed request validation, response
 * serialisation and the OpenAPI document at once.
 */

/** The body of every non-2xx response. Registered once (`$id`) and referenced as `ErrorResponseRef`. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({
          description: 'Stable machine-readable code, e.g. INVALID_PAYLOAD_NONCE, BAD_SIGNATURE, ROUTE_NOT_FOUND',
          examples: ['INVALID_PAYLOAD_NONCE'],
        }),
        message: Type.String({ description: 'Human-readable explanation; never holds internals of a 5xx' }),
        details: Type.Optional(
          Type.Unsafe<Record<string, unknown>>({
            type: 'object',
            additionalProperties: true,
            description:
              'Machine-readable context. Validation failures carry `location` (body, querystring, params, headers), `field` (a JSON pointer into it, e.g. /payload/address) and `reason`.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'ErrorResponse', additionalProperties: false, description: 'The error model of every non-2xx response' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** `{ $ref: 'ErrorResponse' }`, typed as the error body. */
export const ErrorResponseRef = Type.Unsafe<ErrorResponse>(Type.Ref('ErrorResponse'));

/** An amount in planck: an unsigned integer as a decimal string (u128 fits in 39 digits). */
export const Planck = Type.String({
  // No leading zeros: one amount, one spelling (u128 itself is checked where the amount is used).
  pattern: '^(0|[1-9][0-9]{0,38})$',
  maxLength: 39,
  description: 'Amount in planck (the smallest unit), as a decimal string',
  examples: ['1000000000000'],
});

/** An SS58 address. The schema only bounds its size: the route checks it for the network with the codec. */
export const Address = Type.String({
  minLength: 1,
  maxLength: 64,
  description: "SS58 address, in the staking network's format",
  examples: ['HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F'],
});

export const HexHash = Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: '32-byte hash, 0x hex' });

/** Where on chain a value was read. */
export const BlockRef = Type.Object(
  { hash: HexHash, number: Type.Integer({ minimum: 0, description: 'Block number' }) },
  { additionalProperties: false },
);

export const Nonce = Type.String({
  minLength: 16,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001F\\u007F]+$',
  description: 'Any unique string: each (address, nonce) is accepted once',
});

/**
 * Checked by the wallet protocol, not here, so that a malformed value gets its own code
 * (EXPIRES_AT_INVALID) rather than a generic validation failure.
 */
export const ExpiresAt = Type.String({
  maxLength: 64,
  description: 'ISO-8601 date-time with offset, in the future and at most 10 minutes ahead',
  examples: ['2025-01-31T12:00:00.000Z'],
});

export const Signature = Type.String({
  pattern: '^0x[0-9a-fA-F]+$',
  maxLength: 134,
  description:
    'Signature (sr25519, ed25519 or ecdsa) of the UTF-8 text `NDeST:<action>:<genesis hash>:<canonical JSON of payload>`, bare or wrapped in <Bytes>…</Bytes>',
});

/**
 * A signed wallet request body (DESIGN §6): `{ payload: { ...fields, address, nonce, expiresAt }, signature }`
 * where `fields` are the properties of `payloadSchema` (none when omitted, e.g. opt-out).
 * Unknown fields are rejected, never stripped: the signature covers the payload as sent.
 * Give signed fields no `default`: a value inserted by validation would not be the one signed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no extra fields by default
export function SignedEnvelope<T extends TProperties = {}>(
  payloadSchema?: TObject<T>,
  options: { description?: string } = {},
) {
  const fields = (payloadSchema?.properties ?? {}) as T;
  return Type.Object(
    {
      payload: Type.Object(
        { ...fields, address: Address, nonce: Nonce, expiresAt: ExpiresAt },
        { additionalProperties: false },
      ),
      signature: Signature,
    },
    { additionalProperties: false, ...options },
  );
}
