import { conflict, notFound, validationError } from '../errors.js';
import type { AddressCodec } from '../ports/wallet.js';
import type { Address } from '../shared/types.js';
import { checkRoleName, type Role } from './role.js';
import type { RoleRepository } from './role.repository.js';

export interface RoleDeps {
  roles: RoleRepository;
  codec: AddressCodec;
}

export const roleNotFound = (name: string) => notFound('ROLE_NOT_FOUND', `no role ${name}`);

/** `PUT /v1/admin/roles/{name}`: idempotent. */
export async function createRole(
  deps: Pick<RoleDeps, 'roles'>,
  name: string,
): Promise<{ role: Role; created: boolean }> {
  checkRoleName(name);
  return deps.roles.create(name);
}

/**
 * `DELETE /v1/admin/roles/{name}`: refused while a pool names it (as owners or beneficiaries): its
 * members would lose their say or their share without anyone deciding it there.
 */
export async function deleteRole(deps: Pick<RoleDeps, 'roles'>, name: string): Promise<Role> {
  const removed = await deps.roles.delete(name, (uses) => {
    if (uses.length === 0) return;
    const named = uses.map((u) => `${u.kind} ${u.name} (${u.as})`).join(', ');
    throw conflict('ROLE_IN_USE', `role ${name} is named by ${named}`, { uses: [...uses] });
  });
  if (!removed) throw roleNotFound(name);
  return removed;
}

function normalized(codec: AddressCodec, address: string): Address {
  const a = codec.normalize(address);
  if (a === null) throw validationError('ADDRESS_INVALID', 'not a valid address of this network', { field: 'address' });
  return a;
}

/** `PUT /v1/admin/roles/{name}/members/{address}`: idempotent. */
export async function addRoleMember(
  deps: RoleDeps,
  name: string,
  address: string,
): Promise<{ address: Address; added: boolean }> {
  const member = normalized(deps.codec, address);
  const result = await deps.roles.addMember(name, member);
  if (!result) throw roleNotFound(name);
  return { address: member, added: result.added };
}

/** `DELETE /v1/admin/roles/{name}/members/{address}`. */
export async function removeRoleMember(deps: RoleDeps, name: string, address: string): Promise<Address> {
  const member = normalized(deps.codec, address);
  const result = await deps.roles.removeMember(name, member);
  if (!result) throw roleNotFound(name);
  if (!result.removed) throw notFound('ROLE_MEMBER_NOT_FOUND', `${member} is not a member of role ${name}`);
  return member;
}
