import { beforeEach, describe, expect, it } from 'vitest';
import type { NetworkPropertiesRepository } from '../../src/domain/registry/network-properties.repository.js';
import { DEFAULT_NETWORK_PROPERTIES } from '../../src/domain/registry/network-properties.js';
import type { RoleRepository } from '../../src/domain/registry/role.repository.js';
import { deleteRole } from '../../src/domain/registry/role.use-cases.js';
import type { Token } from '../../src/domain/registry/token.js';
import type { TokenRepository } from '../../src/domain/registry/token.repository.js';
import { putToken } from '../../src/domain/registry/token.use-cases.js';

/** What the contract runs against: the in-memory fakes or the Prisma repositories, emptied. */
export interface RegistryHarness {
  tokens: TokenRepository;
  roles: RoleRepository;
  networkProperties: NetworkPropertiesRepository;
  /** A spending pool `pool` that names `role` as its owners or as a beneficiary. */
  nameRoleInPool(role: string, pool: string, as: 'owner' | 'beneficiary'): Promise<void>;
}

const ksm: Token = { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true };
const usdt: Token = { denom: 'USDt', kind: 'asset', assetId: 1984, decimals: 6, rate: '0.5', staking: false };
const accept = () => undefined;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';

/**
 * The behaviour every implementation of the registry's repositories shares: run by a unit test
 * against the fakes and by an integration test against PostgreSQL, so that the fakes the route
 * tests use cannot drift from the real thing.
 */
export function registryContract(open: () => Promise<RegistryHarness>): void {
  let h: RegistryHarness;
  beforeEach(async () => {
    h = await open();
  });

  describe('tokens', () => {
    it('lists a token, then replaces it: created once, read back as written, listed by denom', async () => {
      expect(await h.tokens.put(usdt, accept)).toEqual({ created: true });
      expect(await h.tokens.put(ksm, accept)).toEqual({ created: true });
      expect(await h.tokens.put({ ...usdt, rate: '0.75' }, accept)).toEqual({ created: false });
      expect(await h.tokens.get('USDt')).toEqual({ ...usdt, rate: '0.75' });
      expect((await h.tokens.list()).map((t) => t.denom)).toEqual(['KSM', 'USDt']);
      expect(await h.tokens.native()).toEqual(ksm);
      expect(await h.tokens.byAssetId(1984)).toEqual({ ...usdt, rate: '0.75' });
      expect(await h.tokens.byAssetId(1985)).toBeNull();
      expect(await h.tokens.get('DOT')).toBeNull();
    });

    it('keeps every u32 asset id exact', async () => {
      const ids = [0, 2_147_483_647, 2_147_483_648, 4_294_967_295];
      for (const [i, assetId] of ids.entries()) await h.tokens.put({ ...usdt, denom: `A${i}`, assetId }, accept);
      for (const [i, assetId] of ids.entries()) expect((await h.tokens.byAssetId(assetId))?.denom).toBe(`A${i}`);
      expect((await h.tokens.list()).map((t) => t.assetId)).toEqual(ids);
    });

    it('shows the check the registry as it is, and writes nothing when the check refuses', async () => {
      await h.tokens.put(ksm, accept);
      let seen: readonly Token[] = [];
      const refused = h.tokens.put(usdt, (registry) => {
        seen = registry;
        throw new Error('refused');
      });
      await expect(refused).rejects.toThrow('refused');
      expect(seen).toEqual([ksm]);
      expect(await h.tokens.list()).toEqual([ksm]);
    });

    it('holds the registry rules through putToken: one native token, an asset id per denom', async () => {
      const deps = { tokens: h.tokens, nativeToken: () => ({ symbol: 'KSM', decimals: 12 }) };
      await putToken(deps, 'KSM', { kind: 'native', decimals: 12, rate: '1', staking: true });
      await putToken(deps, 'USDt', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1' });
      expect(await codeOf(putToken(deps, 'XKSM', { kind: 'native', decimals: 12, rate: '1' }))).toBe(
        'NATIVE_TOKEN_EXISTS',
      );
      expect(await codeOf(putToken(deps, 'USDT2', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1' }))).toBe(
        'ASSET_ID_TAKEN',
      );
      // A denom may change its own entry (the native token stays the native token).
      expect(await putToken(deps, 'KSM', { kind: 'native', decimals: 12, rate: '2', staking: true })).toMatchObject({
        created: false,
      });
      expect((await h.tokens.list()).map((t) => t.denom)).toEqual(['KSM', 'USDt']);
    });

    it('lets one of two native tokens listed at once in', async () => {
      const deps = { tokens: h.tokens, nativeToken: () => null };
      const results = await Promise.all(
        ['KSM', 'KSM2', 'KSM3'].map((denom) =>
          codeOf(putToken(deps, denom, { kind: 'native', decimals: 12, rate: '1' })),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 'NATIVE_TOKEN_EXISTS')).toHaveLength(2);
      expect(await h.tokens.list()).toHaveLength(1);
    });

    it('delists a token once', async () => {
      await h.tokens.put(usdt, accept);
      expect(await h.tokens.delete('USDt')).toEqual(usdt);
      expect(await h.tokens.delete('USDt')).toBeNull();
      expect(await h.tokens.get('USDt')).toBeNull();
      expect(await h.tokens.byAssetId(1984)).toBeNull();
    });
  });

  describe('roles', () => {
    it('creates a role once', async () => {
      const first = await h.roles.create('council');
      expect(first).toMatchObject({ created: true, role: { name: 'council', memberCount: 0 } });
      expect(first.role.createdAt).toBeInstanceOf(Date);
      expect(await h.roles.create('council')).toEqual({ created: false, role: first.role });
      expect(await h.roles.exists('council')).toBe(true);
      expect(await h.roles.exists('Council')).toBe(false);
      expect(await h.roles.get('nobody')).toBeNull();
    });

    it('adds and removes members, each once; a missing role is null', async () => {
      await h.roles.create('council');
      expect(await h.roles.addMember('council', ALICE)).toEqual({ added: true });
      expect(await h.roles.addMember('council', ALICE)).toEqual({ added: false });
      expect(await h.roles.addMember('council', BOB)).toEqual({ added: true });
      expect((await h.roles.get('council'))?.memberCount).toBe(2);
      expect(await h.roles.removeMember('council', BOB)).toEqual({ removed: true });
      expect(await h.roles.removeMember('council', BOB)).toEqual({ removed: false });
      expect(await h.roles.addMember('nobody', ALICE)).toBeNull();
      expect(await h.roles.removeMember('nobody', ALICE)).toBeNull();
      expect((await h.roles.members('council', { limit: 10, after: null })).items).toEqual([ALICE]);
    });

    it('pages roles and members by key', async () => {
      for (const name of ['role4', 'role1', 'role3', 'role2', 'role5']) await h.roles.create(name);
      const names: string[] = [];
      let after: string | null = null;
      do {
        const page: Awaited<ReturnType<RoleRepository['list']>> = await h.roles.list({ limit: 2, after });
        expect(page.items.length).toBeLessThanOrEqual(2);
        names.push(...page.items.map((r) => r.name));
        after = page.next;
      } while (after !== null);
      expect(names).toEqual(['role1', 'role2', 'role3', 'role4', 'role5']);

      for (const a of [CHARLIE, ALICE, BOB]) await h.roles.addMember('role1', a);
      const first = await h.roles.members('role1', { limit: 2, after: null });
      const second = await h.roles.members('role1', { limit: 2, after: first.next });
      expect([...first.items, ...second.items]).toEqual([ALICE, BOB, CHARLIE].sort());
      expect(second.next).toBeNull();
      expect(await h.roles.members('nobody', { limit: 2, after: null })).toEqual({ items: [], next: null });
    });

    it('answers the directory: members of several roles once each, roles of an address', async () => {
      await h.roles.create('council');
      await h.roles.create('builders');
      await h.roles.addMember('council', ALICE);
      await h.roles.addMember('council', BOB);
      await h.roles.addMember('builders', BOB);
      await h.roles.addMember('builders', CHARLIE);
      expect(await h.roles.membersOf(['council', 'builders', 'nobody'])).toEqual([ALICE, BOB, CHARLIE].sort());
      expect(await h.roles.membersOf([])).toEqual([]);
      expect(await h.roles.rolesOf(BOB)).toEqual(['builders', 'council']);
      expect(await h.roles.rolesOf('5Unknown')).toEqual([]);
    });

    it('refuses to delete a role a pool names (owners or beneficiaries), and says which', async () => {
      await h.roles.create('council');
      await h.roles.addMember('council', ALICE);
      await h.nameRoleInPool('council', 'poolB', 'beneficiary');
      await h.nameRoleInPool('council', 'poolA', 'owner');
      expect(await h.roles.usesOf('council')).toEqual([
        { kind: 'spending-pool', name: 'poolA', as: 'owner' },
        { kind: 'spending-pool', name: 'poolB', as: 'beneficiary' },
      ]);
      const refused = await deleteRole({ roles: h.roles }, 'council').catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'ROLE_IN_USE',
        details: {
          uses: [
            { kind: 'spending-pool', name: 'poolA', as: 'owner' },
            { kind: 'spending-pool', name: 'poolB', as: 'beneficiary' },
          ],
        },
      });
      expect((await h.roles.get('council'))?.memberCount).toBe(1);
      expect(await h.roles.rolesOf(ALICE)).toEqual(['council']);
    });

    it('deletes a role nobody names, with its memberships', async () => {
      await h.roles.create('council');
      await h.roles.addMember('council', ALICE);
      await h.nameRoleInPool('other', 'poolA', 'owner');
      expect(await h.roles.delete('council', accept)).toMatchObject({ name: 'council', memberCount: 1 });
      expect(await h.roles.get('council')).toBeNull();
      expect(await h.roles.rolesOf(ALICE)).toEqual([]);
      expect(await h.roles.delete('council', accept)).toBeNull();
      // Created again, it starts empty.
      await h.roles.create('council');
      expect((await h.roles.get('council'))?.memberCount).toBe(0);
    });
  });

  describe('network properties', () => {
    it('are the defaults until set; an update changes what it names and keeps the rest', async () => {
      expect(await h.networkProperties.get()).toEqual({ ...DEFAULT_NETWORK_PROPERTIES, updatedAt: null });
      expect(await h.networkProperties.update({})).toEqual({ ...DEFAULT_NETWORK_PROPERTIES, updatedAt: null });
      const set = await h.networkProperties.update({ maxCollectiveOutputs: 3, minCollectiveBond: '2500.5' });
      expect(set).toMatchObject({
        ...DEFAULT_NETWORK_PROPERTIES,
        maxCollectiveOutputs: 3,
        minCollectiveBond: '2500.5',
      });
      expect(set.updatedAt).toBeInstanceOf(Date);
      const again = await h.networkProperties.update({ minCollectiveClaimPeriod: 60 });
      expect(again).toMatchObject({
        minCollectiveBond: '2500.5',
        minCollectiveBondingTime: 86_400,
        maxCollectiveOutputs: 3,
        minCollectiveClaimPeriod: 60,
      });
      expect(await h.networkProperties.get()).toEqual(again);
    });
  });
}
