import {
  DEFAULT_NETWORK_PROPERTIES,
  type NetworkProperties,
  type StoredNetworkProperties,
} from '../../src/domain/registry/network-properties.js';
import type { NetworkPropertiesRepository } from '../../src/domain/registry/network-properties.repository.js';
import type { Role, RoleUse } from '../../src/domain/registry/role.js';
import type { RoleRepository } from '../../src/domain/registry/role.repository.js';
import type { Token } from '../../src/domain/registry/token.js';
import type { TokenRepository } from '../../src/domain/registry/token.repository.js';
import type { Page, PageRequest } from '../../src/domain/shared/page.js';
import type { Address } from '../../src/domain/shared/types.js';

/** Keys after `after`, in order, one page of them (the Prisma repositories' order: code units, as PostgreSQL's "C" collation). */
function pageOfKeys<T>(items: T[], key: (item: T) => string, { limit, after }: PageRequest): Page<T> {
  const sorted = items.filter((i) => after === null || key(i) > after).sort((a, b) => compare(key(a), key(b)));
  const page = sorted.slice(0, limit);
  return { items: page, next: sorted.length > limit ? key(page[page.length - 1]!) : null };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class InMemoryTokenRepository implements TokenRepository {
  readonly tokens = new Map<string, Token>();

  async list(): Promise<Token[]> {
    return this.sorted();
  }

  private sorted(): Token[] {
    return [...this.tokens.values()].sort((a, b) => compare(a.denom, b.denom)).map((t) => ({ ...t }));
  }

  async get(denom: string): Promise<Token | null> {
    const t = this.tokens.get(denom);
    return t ? { ...t } : null;
  }

  async byAssetId(assetId: number): Promise<Token | null> {
    return (await this.list()).find((t) => t.assetId === assetId) ?? null;
  }

  async native(): Promise<Token | null> {
    return (await this.list()).find((t) => t.kind === 'native') ?? null;
  }

  async put(token: Token, check: (registry: readonly Token[]) => void): Promise<{ created: boolean }> {
    // No await between the check and the write: the registry cannot change in between.
    check(this.sorted());
    const created = !this.tokens.has(token.denom);
    this.tokens.set(token.denom, { ...token });
    return { created };
  }

  async delete(denom: string): Promise<Token | null> {
    const t = this.tokens.get(denom);
    this.tokens.delete(denom);
    return t ?? null;
  }
}

export class InMemoryRoleRepository implements RoleRepository {
  private readonly roles = new Map<string, { createdAt: Date; members: Set<Address> }>();
  /** What names each role: stands in for the pools' tables (set by tests with `nameInPool`). */
  private readonly usesByRole = new Map<string, RoleUse[]>();

  /** A pool naming `role` as owners or beneficiaries. */
  nameInPool(role: string, use: RoleUse): void {
    this.usesByRole.set(role, [...(this.usesByRole.get(role) ?? []), use]);
  }

  private view(name: string): Role | null {
    const r = this.roles.get(name);
    return r ? { name, createdAt: r.createdAt, memberCount: r.members.size } : null;
  }

  async list(page: PageRequest): Promise<Page<Role>> {
    return pageOfKeys(
      [...this.roles.keys()].map((n) => this.view(n)!),
      (r) => r.name,
      page,
    );
  }

  async get(name: string): Promise<Role | null> {
    return this.view(name);
  }

  async members(name: string, page: PageRequest): Promise<Page<Address>> {
    return pageOfKeys([...(this.roles.get(name)?.members ?? [])], (a) => a, page);
  }

  async create(name: string): Promise<{ role: Role; created: boolean }> {
    const created = !this.roles.has(name);
    if (created) this.roles.set(name, { createdAt: new Date(), members: new Set() });
    return { role: this.view(name)!, created };
  }

  async usesOf(name: string): Promise<RoleUse[]> {
    return this.usesNow(name);
  }

  private usesNow(name: string): RoleUse[] {
    const uses = this.usesByRole.get(name) ?? [];
    // The Prisma repository's order: owners first, then beneficiaries, each by pool name.
    const rank = (u: RoleUse) => (u.as === 'owner' ? 0 : 1);
    return [...uses].sort((a, b) => rank(a) - rank(b) || compare(a.name, b.name));
  }

  async delete(name: string, check: (uses: readonly RoleUse[]) => void): Promise<Role | null> {
    const role = this.view(name);
    if (!role) return null;
    check(this.usesNow(name));
    this.roles.delete(name);
    return role;
  }

  async addMember(name: string, address: Address): Promise<{ added: boolean } | null> {
    const r = this.roles.get(name);
    if (!r) return null;
    const added = !r.members.has(address);
    r.members.add(address);
    return { added };
  }

  async removeMember(name: string, address: Address): Promise<{ removed: boolean } | null> {
    const r = this.roles.get(name);
    if (!r) return null;
    return { removed: r.members.delete(address) };
  }

  async exists(name: string): Promise<boolean> {
    return this.roles.has(name);
  }

  async membersOf(roles: readonly string[]): Promise<Address[]> {
    const all = new Set(roles.flatMap((n) => [...(this.roles.get(n)?.members ?? [])]));
    return [...all].sort(compare);
  }

  async rolesOf(address: Address): Promise<string[]> {
    return [...this.roles]
      .filter(([, r]) => r.members.has(address))
      .map(([n]) => n)
      .sort(compare);
  }
}

export class InMemoryNetworkPropertiesRepository implements NetworkPropertiesRepository {
  private current: StoredNetworkProperties = { ...DEFAULT_NETWORK_PROPERTIES, updatedAt: null };

  async get(): Promise<StoredNetworkProperties> {
    return { ...this.current };
  }

  async update(changes: Partial<NetworkProperties>): Promise<StoredNetworkProperties> {
    if (Object.keys(changes).length === 0) return this.get();
    this.current = { ...this.current, ...changes, updatedAt: new Date() };
    return this.get();
  }
}

export interface InMemoryRegistry {
  tokens: InMemoryTokenRepository;
  roles: InMemoryRoleRepository;
  networkProperties: InMemoryNetworkPropertiesRepository;
}

export const inMemoryRegistry = (): InMemoryRegistry => ({
  tokens: new InMemoryTokenRepository(),
  roles: new InMemoryRoleRepository(),
  networkProperties: new InMemoryNetworkPropertiesRepository(),
});
