import type { Page, PageRequest } from '../shared/page.js';
import type { Address } from '../shared/types.js';
import type { Role, RoleDirectory, RoleUse } from './role.js';

/** The roles registry's storage. Addresses are stored as given: normalise them first. */
export interface RoleRepository extends RoleDirectory {
  /** Roles by name; `after` is the last name of the previous page. */
  list(page: PageRequest): Promise<Page<Role>>;
  get(name: string): Promise<Role | null>;
  /** Members by address; `after` is the last address of the previous page. */
  members(name: string, page: PageRequest): Promise<Page<Address>>;
  /** Creates the role unless it exists; either way, the role as it is now. */
  create(name: string): Promise<{ role: Role; created: boolean }>;
  /** What names the role (pools' owner roles and beneficiary roles). */
  usesOf(name: string): Promise<RoleUse[]>;
  /**
   * Deletes the role and its memberships once `check` accepted its uses at that moment; `check`
   * throws to refuse, and nothing is written. The role as it was, or null when there is none.
   */
  delete(name: string, check: (uses: readonly RoleUse[]) => void): Promise<Role | null>;
  /** null: no such role. */
  addMember(name: string, address: Address): Promise<{ added: boolean } | null>;
  /** null: no such role. */
  removeMember(name: string, address: Address): Promise<{ removed: boolean } | null>;
}
