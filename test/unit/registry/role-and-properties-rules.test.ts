import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NETWORK_PROPERTIES,
  networkPropertiesChanges,
} from '../../../src/domain/registry/network-properties.js';
import { checkRoleName } from '../../../src/domain/registry/role.js';
import { addRoleMember, createRole, removeRoleMember } from '../../../src/domain/registry/role.use-cases.js';
import { InMemoryRoleRepository } from '../../support/in-memory-registry.js';

const codeOf = async (f: () => unknown) => {
  try {
    await f();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('role names', () => {
  it('follow ^[a-zA-Z][a-zA-Z0-9_-]{2,31}$', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        let ok = true;
        try {
          checkRoleName(name);
        } catch (e) {
          ok = false;
          expect(e).toMatchObject({ kind: 'validation', code: 'ROLE_NAME_INVALID' });
        }
        expect(ok).toBe(/^[a-zA-Z][a-zA-Z0-9_-]{2,31}$/.test(name));
      }),
    );
    for (const name of ['abc', 'Council_1', `a${'b'.repeat(31)}`]) expect(() => checkRoleName(name)).not.toThrow();
    for (const name of ['ab', '1abc', '_abc', 'a.bc', `a${'b'.repeat(32)}`])
      expect(() => checkRoleName(name)).toThrow();
  });
});

describe('role use-cases', () => {
  // An address is valid when it starts with "5"; the codec gives it back upper-cased, as a re-encoding would.
  const codec = { normalize: (a: string) => (a.startsWith('5') ? a.toUpperCase() : null) };

  it('creates roles with a valid name only', async () => {
    const roles = new InMemoryRoleRepository();
    expect(await codeOf(() => createRole({ roles }, 'no'))).toBe('ROLE_NAME_INVALID');
    expect(await roles.list({ limit: 10, after: null })).toEqual({ items: [], next: null });
  });

  it('stores members as the codec normalises them; refuses invalid addresses and unknown roles', async () => {
    const roles = new InMemoryRoleRepository();
    await createRole({ roles }, 'council');
    expect(await addRoleMember({ roles, codec }, 'council', '5abc')).toEqual({ address: '5ABC', added: true });
    expect(await addRoleMember({ roles, codec }, 'council', '5ABC')).toEqual({ address: '5ABC', added: false });
    expect(await codeOf(() => addRoleMember({ roles, codec }, 'council', 'xyz'))).toBe('ADDRESS_INVALID');
    expect(await codeOf(() => addRoleMember({ roles, codec }, 'nobody', '5abc'))).toBe('ROLE_NOT_FOUND');
    expect(await codeOf(() => removeRoleMember({ roles, codec }, 'nobody', '5abc'))).toBe('ROLE_NOT_FOUND');
    expect(await codeOf(() => removeRoleMember({ roles, codec }, 'council', 'xyz'))).toBe('ADDRESS_INVALID');
    expect(await removeRoleMember({ roles, codec }, 'council', '5abc')).toBe('5ABC');
    expect(await codeOf(() => removeRoleMember({ roles, codec }, 'council', '5abc'))).toBe('ROLE_MEMBER_NOT_FOUND');
  });
});

describe('networkPropertiesChanges', () => {
  it('takes any subset of the four properties, canonical', () => {
    expect(networkPropertiesChanges({})).toEqual({});
    expect(networkPropertiesChanges({ minCollectiveBond: '2500.50' })).toEqual({ minCollectiveBond: '2500.5' });
    expect(
      networkPropertiesChanges({
        minCollectiveBond: '0',
        minCollectiveBondingTime: 0,
        maxCollectiveOutputs: 1,
        minCollectiveClaimPeriod: 2_147_483_647,
      }),
    ).toEqual({
      minCollectiveBond: '0',
      minCollectiveBondingTime: 0,
      maxCollectiveOutputs: 1,
      minCollectiveClaimPeriod: 2_147_483_647,
    });
  });

  it.each([
    [{ maxCollectiveOutputs: 0 }, 'MAX_COLLECTIVE_OUTPUTS_INVALID'],
    [{ maxCollectiveOutputs: 1.5 }, 'MAX_COLLECTIVE_OUTPUTS_INVALID'],
    [{ minCollectiveBondingTime: -1 }, 'MIN_COLLECTIVE_BONDING_TIME_INVALID'],
    [{ minCollectiveClaimPeriod: 2_147_483_648 }, 'MIN_COLLECTIVE_CLAIM_PERIOD_INVALID'],
    [{ minCollectiveClaimPeriod: '60' }, 'MIN_COLLECTIVE_CLAIM_PERIOD_INVALID'],
    [{ minCollectiveBond: '-5' }, 'MIN_COLLECTIVE_BOND_INVALID'],
    [{ minCollectiveBond: 100000 }, 'MIN_COLLECTIVE_BOND_INVALID'],
    [{ minCollectiveBond: '1e5' }, 'MIN_COLLECTIVE_BOND_INVALID'],
    [{ maxCollectiveOutput: 3 }, 'NETWORK_PROPERTY_UNKNOWN'],
  ])('refuses %j with %s', async (input, code) => {
    expect(await codeOf(() => networkPropertiesChanges(input))).toBe(code);
  });

  it('has the defaults of DESIGN §2', () => {
    expect(DEFAULT_NETWORK_PROPERTIES).toEqual({
      minCollectiveBond: '100000',
      minCollectiveBondingTime: 86_400,
      maxCollectiveOutputs: 10,
      minCollectiveClaimPeriod: 14_400,
    });
  });
});
