import { validationError } from '../errors.js';

/** One rule for the names of collectives and pools (DESIGN §8): unique, immutable, and this shape. */
export const RESOURCE_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{2,31}$/;

export function checkResourceName(value: unknown, field = '/payload/name'): string {
  if (typeof value !== 'string' || !RESOURCE_NAME.test(value))
    throw validationError('NAME_INVALID', 'a name starts with a letter and has 3 to 32 letters, digits, "_" or "-"', {
      field,
    });
  return value;
}

/** A payload naming another resource than the URL (a signature replayed elsewhere): 400 RESOURCE_MISMATCH. */
export function checkSameResource(fromUrl: string, inPayload: unknown, field: string): void {
  if (inPayload !== fromUrl)
    throw validationError('RESOURCE_MISMATCH', `payload.${field} must name the ${field} of the URL (${fromUrl})`, {
      field: `/payload/${field}`,
    });
}
