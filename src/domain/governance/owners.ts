import type { Address } from '../shared/types.js';
import type { RoleMembers } from './governed-subject.js';
import { eligibleVoters } from './tally.js';
import type { Owners } from './types.js';

/** True when `address` owns the subject now: its creator, a listed account or a member of an owner role. */
export async function isOwner(roles: RoleMembers, owners: Owners, address: Address): Promise<boolean> {
  if (owners.creator === address || owners.accounts.includes(address)) return true;
  if (owners.roles.length === 0) return false;
  return (await roles.membersOf(owners.roles)).includes(address);
}

/** The eligible voters now (see `eligibleVoters`), with owner roles expanded into their members. */
export async function eligibleNow(roles: RoleMembers, owners: Owners): Promise<Address[]> {
  const members = owners.roles.length === 0 ? [] : await roles.membersOf(owners.roles);
  return eligibleVoters(owners, members);
}
