import { validationError } from '../errors.js';
import type { Address } from '../shared/types.js';

/** The name rule of roles, as of collectives and pools (DESIGN §8). */
export const ROLE_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]{2,31}$/;

export interface Role {
  name: string;
  createdAt: Date;
  memberCount: number;
}

/** Something that names a role, so that deleting it would change who may act there. */
export interface RoleUse {
  /** What names it: a spending pool or a staking collective. */
  kind: 'spending-pool' | 'collective';
  name: string;
  /** Pools: owner or beneficiary; collectives: owner or depositor (its deposit whitelist). */
  as: 'owner' | 'beneficiary' | 'depositor';
}

export function checkRoleName(name: string): void {
  if (!ROLE_NAME_PATTERN.test(name))
    throw validationError('ROLE_NAME_INVALID', 'a role name must match ^[a-zA-Z][a-zA-Z0-9_-]{2,31}$', {
      field: 'name',
    });
}

/** Members of roles, as pools and governance need them (quorums, beneficiaries, whitelists). */
export interface RoleDirectory {
  exists(name: string): Promise<boolean>;
  /** Every member of any of `roles`, each once (unknown roles have none). */
  membersOf(roles: readonly string[]): Promise<Address[]>;
  /** The roles `address` is a member of, by name. */
  rolesOf(address: Address): Promise<string[]>;
}
