import { ruleViolation, validationError } from '../errors.js';
import type { AddressCodec } from '../ports/wallet.js';
import type { Address } from './types.js';

/**
 * Field readers shared by the settings of spending pools and staking collectives (DESIGN §8): the
 * same field is refused with the same code in both, and a 400 always names the field.
 */

/** A pool's or a collective's description, at most this many characters (DESIGN §2). */
export const MAX_DESCRIPTION = 256;
/** Lists in a request (owners, whitelists, beneficiaries) stay small: they are stored in one record. */
export const MAX_LIST = 100;
/** Far beyond any real date or duration, and still exact in a double and an Int64 column. */
const MAX_SECONDS = 2 ** 40;

export type Raw = Record<string, unknown>;

export const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An integer number of seconds (a unix time or a duration) at least `min`; 400 `code` otherwise. */
export function seconds(raw: unknown, field: string, code: string, opts: { min?: number } = {}): number {
  const min = opts.min ?? 0;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > MAX_SECONDS)
    throw validationError(code, `payload.${field} must be an integer number of seconds, at least ${min}`, {
      field: `/payload/${field}`,
    });
  return raw;
}

/** A description: text of at most MAX_DESCRIPTION characters; 400 DESCRIPTION_INVALID otherwise. */
export function description(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > MAX_DESCRIPTION)
    throw validationError(
      'DESCRIPTION_INVALID',
      `payload.description must be text of at most ${MAX_DESCRIPTION} characters`,
      {
        field: '/payload/description',
      },
    );
  return raw;
}

/** An optional list (absent: empty) of at most MAX_LIST entries; 400 PAYLOAD_INVALID otherwise. */
export function list(raw: unknown, field: string): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_LIST)
    throw validationError('PAYLOAD_INVALID', `payload.${field} must be a list of at most ${MAX_LIST}`, {
      field: `/payload/${field}`,
    });
  return raw;
}

/** An address of this network, re-encoded by the codec; 400 ADDRESS_INVALID at `field` (a JSON pointer). */
export function address(codec: AddressCodec, raw: unknown, field: string): Address {
  const a = typeof raw === 'string' ? codec.normalize(raw) : null;
  if (!a) throw validationError('ADDRESS_INVALID', `${field} is not a valid address of this network`, { field });
  return a;
}

/** Distinct addresses of this network (400 ADDRESS_INVALID, DUPLICATE_ENTRY). */
export function addresses(codec: AddressCodec, raw: unknown, field: string): Address[] {
  const out = list(raw, field).map((a, i) => address(codec, a, `/payload/${field}/${i}`));
  if (new Set(out).size !== out.length)
    throw validationError('DUPLICATE_ENTRY', `payload.${field.replace(/\//g, '.')} names an account twice`, {
      field: `/payload/${field}`,
    });
  return out;
}

/** Names of existing roles, each once: 400 ROLE_INVALID / DUPLICATE_ENTRY, 422 ROLE_NOT_FOUND. */
export async function roles(
  registries: { roleExists(name: string): Promise<boolean> },
  raw: unknown[],
  field: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const [i, r] of raw.entries()) {
    if (typeof r !== 'string' || r.length === 0 || r.length > 64)
      throw validationError('ROLE_INVALID', `${field}[${i}] must be a role's name`, { field: `${field}/${i}` });
    if (!(await registries.roleExists(r)))
      throw ruleViolation('ROLE_NOT_FOUND', `role ${r} does not exist (an admin creates roles)`, { role: r });
    if (names.includes(r))
      throw validationError('DUPLICATE_ENTRY', `${field} names ${r} twice`, { field: `${field}/${i}` });
    names.push(r);
  }
  return names;
}
