import { TypeRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { expect } from 'vitest';
import type { CollectiveSettings } from '../../../src/domain/collectives/types.js';

/**
 * What the collectives' API tests share: a response checked against its schema exactly (Fastify
 * serialises responses without validating them, dropping unknown properties and coercing types,
 * so a presenter drifting from its schema would go unnoticed), and settings to store directly.
 */

// `Type.Unsafe` schemas (enums, open objects) have no checker of their own in TypeBox: this one
// checks the JSON Schema keywords they use here (type and enum).
if (!TypeRegistry.Has('Unsafe'))
  TypeRegistry.Set('Unsafe', (schema: Record<string, unknown>, value: unknown) => {
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
    if (schema.type === 'string') return typeof value === 'string';
    if (schema.type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
    return true;
  });

/** Fails with every mismatch (path, message) when `value` does not match `schema` exactly. */
export function expectSchema(schema: TSchema, value: unknown): void {
  const errors = [...Value.Errors(schema, value)].map((e) => `${e.path || '/'}: ${e.message}`);
  expect(errors).toEqual([]);
}

/** Settings of a collective stored directly (the create request's rules have their own tests). */
export function settings(overrides: Partial<CollectiveSettings> = {}): CollectiveSettings {
  return {
    description: 'A test collective',
    depositWhitelist: { any: true, roles: [], accounts: [] },
    ownersWhitelist: { roles: [], accounts: ['bob'] },
    spendingPools: [
      { name: 'garden', share: '0.6' },
      { name: 'orchard', share: '0.4' },
    ],
    claimStart: Math.floor(new Date('2030-01-01T00:00:00Z').getTime() / 1000),
    claimPeriod: 86_400,
    claimEnd: 0,
    voteQuorum: '0.51',
    votePeriod: 600,
    voteEnactment: 300,
    ...overrides,
  };
}
