import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ss58AddressCodec } from '../../../src/chain/address-codec.js';
import { PrismaNetworkPropertiesRepository } from '../../../src/db/network-properties.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaRoleRepository } from '../../../src/db/role.repository.js';
import { ServiceStateRepository } from '../../../src/db/service-state.repository.js';
import { PrismaTokenRepository } from '../../../src/db/token.repository.js';
import type { NativeTokenInfo } from '../../../src/domain/registry/token.js';
import { registryModule } from '../../../src/modules/registry/module.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';
import { kusamaAddress, polkadotAddress } from '../../unit/candidates/kusama-test-codec.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../../unit/api/test-app.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let t: TestApp;
let chainToken: NativeTokenInfo | null = { symbol: 'KSM', decimals: 12 };

beforeAll(async () => {
  db = await createTestDatabase('registry_api');
  prisma = createPrismaClient(db.url);
  const registry = registryModule({
    tokens: new PrismaTokenRepository(prisma),
    roles: new PrismaRoleRepository(prisma),
    networkProperties: new PrismaNetworkPropertiesRepository(prisma),
    state: new ServiceStateRepository(prisma),
    codec: new Ss58AddressCodec(2),
    nativeToken: () => chainToken,
  });
  t = await testApp({ routes: registry.routes, adminRoutes: registry.adminRoutes });
});

afterAll(async () => {
  await t?.app.close();
  await prisma?.$disconnect();
  await db?.drop();
});

const admin = (method: 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/v1/admin${url}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    ...(payload ? { payload } : {}),
  });
const read = (url: string) => t.app.inject({ method: 'GET', url });
const errorOf = (r: { json(): unknown }) => (r.json() as { error: { code: string } }).error.code;

describe('token registry over HTTP, on PostgreSQL', () => {
  it('lists the native token and an asset, replaces, reads and delists them', async () => {
    const ksm = await admin('PUT', '/tokens/KSM', { kind: 'native', decimals: 12, rate: '1.0', staking: true });
    expect(ksm.statusCode).toBe(201);
    expect(ksm.json()).toEqual({
      token: { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true },
    });
    const usdt = { kind: 'asset', assetId: 1984, decimals: 6, rate: '0.04' };
    expect((await admin('PUT', '/tokens/USDt', usdt)).statusCode).toBe(201);
    const replaced = await admin('PUT', '/tokens/USDt', { ...usdt, rate: '0.05' });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().token).toMatchObject({ rate: '0.05', staking: false });

    expect((await read('/v1/tokens')).json()).toEqual({
      tokens: [
        { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true },
        { denom: 'USDt', kind: 'asset', assetId: 1984, decimals: 6, rate: '0.05', staking: false },
      ],
      nextCursor: null,
    });
    const page = await read('/v1/tokens?limit=1');
    expect(page.json()).toMatchObject({ tokens: [{ denom: 'KSM' }], nextCursor: 'KSM' });
    expect(page.headers.link).toBe('</v1/tokens?limit=1&cursor=KSM>; rel="next"');
    expect((await read('/v1/tokens?limit=1&cursor=KSM')).json()).toMatchObject({
      tokens: [{ denom: 'USDt' }],
      nextCursor: null,
    });
    expect((await read('/v1/tokens/USDt')).json().token.assetId).toBe(1984);

    const delisted = await admin('DELETE', '/tokens/USDt');
    expect(delisted.statusCode).toBe(200);
    expect(delisted.json().token.denom).toBe('USDt');
    const gone = await read('/v1/tokens/USDt');
    expect([gone.statusCode, errorOf(gone)]).toEqual([404, 'TOKEN_NOT_FOUND']);
    const again = await admin('DELETE', '/tokens/USDt');
    expect([again.statusCode, errorOf(again)]).toEqual([404, 'TOKEN_NOT_FOUND']);
    await admin('DELETE', '/tokens/KSM');
  });

  it('refuses each bad request with its code and writes nothing', async () => {
    await admin('PUT', '/tokens/KSM', { kind: 'native', decimals: 12, rate: '1', staking: true });
    await admin('PUT', '/tokens/USDt', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1' });
    const before = await prisma.token.findMany({ orderBy: { denom: 'asc' } });
    const cases: [string, object, number, string][] = [
      ['/tokens/KSM2', { kind: 'native', decimals: 12, rate: '1' }, 409, 'NATIVE_TOKEN_EXISTS'],
      ['/tokens/USDT', { kind: 'asset', assetId: 1984, decimals: 6, rate: '1' }, 409, 'ASSET_ID_TAKEN'],
      [
        '/tokens/RMRK',
        { kind: 'asset', assetId: 8, decimals: 10, rate: '1', staking: true },
        422,
        'STAKING_TOKEN_NOT_NATIVE',
      ],
      ['/tokens/KSM', { kind: 'native', decimals: 10, rate: '1' }, 422, 'NATIVE_DECIMALS_MISMATCH'],
      ['/tokens/RMRK', { kind: 'asset', decimals: 10, rate: '1' }, 400, 'ASSET_ID_REQUIRED'],
      ['/tokens/KSM', { kind: 'native', assetId: 1, decimals: 12, rate: '1' }, 400, 'ASSET_ID_UNEXPECTED'],
      ['/tokens/RMRK', { kind: 'asset', assetId: 8, decimals: 10, rate: '-1' }, 400, 'RATE_INVALID'],
      ['/tokens/RMRK', { kind: 'asset', assetId: 8, decimals: 10, rate: '1e5' }, 400, 'RATE_INVALID'],
      ['/tokens/RMRK', { kind: 'asset', assetId: 8, decimals: 39, rate: '1' }, 400, 'INVALID_DECIMALS'],
      ['/tokens/RMRK', { kind: 'asset', assetId: 4_294_967_296, decimals: 10, rate: '1' }, 400, 'INVALID_ASSET_ID'],
      ['/tokens/RMRK', { kind: 'nft', assetId: 8, decimals: 10, rate: '1' }, 400, 'INVALID_KIND'],
      ['/tokens/RMRK', { kind: 'asset', assetId: 8, decimals: 10, rate: '1', extra: 1 }, 400, 'INVALID_EXTRA'],
      ['/tokens/9lives', { kind: 'asset', assetId: 8, decimals: 10, rate: '1' }, 400, 'INVALID_DENOM'],
    ];
    for (const [url, body, status, code] of cases) {
      const response = await admin('PUT', url, body);
      expect({ url, body, status: response.statusCode, code: errorOf(response) }).toEqual({ url, body, status, code });
    }
    expect(await prisma.token.findMany({ orderBy: { denom: 'asc' } })).toEqual(before);
    await admin('DELETE', '/tokens/KSM');
    await admin('DELETE', '/tokens/USDt');
  });

  it("skips the native decimals check while the chain's token is unknown", async () => {
    chainToken = null;
    try {
      expect((await admin('PUT', '/tokens/KSM', { kind: 'native', decimals: 10, rate: '1' })).statusCode).toBe(201);
    } finally {
      chainToken = { symbol: 'KSM', decimals: 12 };
      await admin('DELETE', '/tokens/KSM');
    }
  });
});

describe('roles over HTTP, on PostgreSQL', () => {
  const alice = kusamaAddress(1);
  const bob = kusamaAddress(2);

  it('creates a role once, adds and removes members (normalised), reads them a page at a time', async () => {
    const created = await admin('PUT', '/roles/council');
    expect(created.statusCode).toBe(201);
    expect(created.json().role).toMatchObject({ name: 'council', memberCount: 0 });
    expect(Number.isInteger(created.json().role.createdAt)).toBe(true);
    expect((await admin('PUT', '/roles/council')).statusCode).toBe(200);

    expect((await admin('PUT', `/roles/council/members/${alice}`)).statusCode).toBe(201);
    expect((await admin('PUT', `/roles/council/members/${alice}`)).statusCode).toBe(200);
    const added = await admin('PUT', `/roles/council/members/${bob}`);
    expect(added.json()).toEqual({ role: 'council', address: bob });

    const first = await read('/v1/roles/council?limit=1');
    expect(first.json()).toMatchObject({
      role: { name: 'council', memberCount: 2 },
      members: [[alice, bob].sort()[0]],
    });
    const second = await read(`/v1/roles/council?limit=1&cursor=${first.json().nextCursor}`);
    expect(second.json()).toMatchObject({ members: [[alice, bob].sort()[1]], nextCursor: null });
    expect((await read('/v1/roles')).json()).toMatchObject({
      roles: [{ name: 'council', memberCount: 2 }],
      nextCursor: null,
    });

    const removed = await admin('DELETE', `/roles/council/members/${bob}`);
    expect([removed.statusCode, removed.json()]).toEqual([200, { role: 'council', address: bob }]);
    const notMember = await admin('DELETE', `/roles/council/members/${bob}`);
    expect([notMember.statusCode, errorOf(notMember)]).toEqual([404, 'ROLE_MEMBER_NOT_FOUND']);

    const deleted = await admin('DELETE', '/roles/council');
    expect([deleted.statusCode, deleted.json().role.memberCount]).toEqual([200, 1]);
    expect(await prisma.roleMember.count({ where: { roleName: 'council' } })).toBe(0);
  });

  it('refuses bad names, addresses of other networks and unknown roles, writing nothing', async () => {
    await admin('PUT', '/roles/builders');
    const cases: [string, string, number, string][] = [
      ['PUT', '/roles/ab', 400, 'INVALID_NAME'],
      ['PUT', '/roles/1abc', 400, 'INVALID_NAME'],
      ['PUT', `/roles/builders/members/${polkadotAddress(3)}`, 400, 'ADDRESS_INVALID'],
      ['PUT', '/roles/builders/members/not-an-address', 400, 'ADDRESS_INVALID'],
      ['PUT', `/roles/nobody/members/${alice}`, 404, 'ROLE_NOT_FOUND'],
      ['DELETE', `/roles/nobody/members/${alice}`, 404, 'ROLE_NOT_FOUND'],
      ['DELETE', '/roles/nobody', 404, 'ROLE_NOT_FOUND'],
    ];
    for (const [method, url, status, code] of cases) {
      const response = await admin(method as 'PUT', url);
      expect({ url, status: response.statusCode, code: errorOf(response) }).toEqual({ url, status, code });
    }
    expect(await prisma.role.findMany({ select: { name: true } })).toEqual([{ name: 'builders' }]);
    expect(await prisma.roleMember.count()).toBe(0);
    const unknown = await read('/v1/roles/nobody');
    expect([unknown.statusCode, errorOf(unknown)]).toEqual([404, 'ROLE_NOT_FOUND']);
    await admin('DELETE', '/roles/builders');
  });

  it('refuses to delete a role a pool names, saying which pools', async () => {
    await admin('PUT', '/roles/stewards');
    await admin('PUT', `/roles/stewards/members/${alice}`);
    const pool = await prisma.spendingPool.create({
      data: {
        name: 'grants',
        creator: alice,
        ownerAccounts: [],
        ownerRoles: ['stewards'],
        claimStart: 0n,
        claimEnd: 0n,
        claimExpire: 0n,
        voteQuorum: '0.5',
        votePeriod: 3600,
        voteEnactment: 0,
        dynamicRate: false,
        accountIndex: 0,
        createdAt: new Date(),
      },
    });
    const refused = await admin('DELETE', '/roles/stewards');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'ROLE_IN_USE',
      details: { uses: [{ kind: 'spending-pool', name: 'grants', as: 'owner' }] },
    });
    expect(refused.json().error.message).toContain('grants');
    expect((await read('/v1/roles/stewards')).json().role.memberCount).toBe(1);
    await prisma.spendingPool.delete({ where: { id: pool.id } });
    expect((await admin('DELETE', '/roles/stewards')).statusCode).toBe(200);
  });
});

describe('network properties over HTTP, on PostgreSQL', () => {
  it('serves the defaults, then what the operator set, keeping the fields not named', async () => {
    expect((await read('/v1/network-properties')).json()).toEqual({
      minCollectiveBond: '100000',
      minCollectiveBondingTime: 86400,
      maxCollectiveOutputs: 10,
      minCollectiveClaimPeriod: 14400,
      updatedAt: null,
    });
    const set = await admin('PUT', '/network-properties', { minCollectiveBond: '250000.5', maxCollectiveOutputs: 4 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      minCollectiveBond: '250000.5',
      minCollectiveBondingTime: 86400,
      maxCollectiveOutputs: 4,
      minCollectiveClaimPeriod: 14400,
    });
    expect(Number.isInteger(set.json().updatedAt)).toBe(true);
    expect((await admin('PUT', '/network-properties', { minCollectiveClaimPeriod: 3600 })).json()).toMatchObject({
      minCollectiveBond: '250000.5',
      maxCollectiveOutputs: 4,
      minCollectiveClaimPeriod: 3600,
    });
    expect((await read('/v1/network-properties')).json()).toMatchObject({
      maxCollectiveOutputs: 4,
      minCollectiveClaimPeriod: 3600,
    });
  });

  it('refuses unknown fields and bad values, changing nothing', async () => {
    const before = (await read('/v1/network-properties')).json();
    const cases: [object, string][] = [
      [{ maxCollectiveOutput: 3 }, 'INVALID_MAX_COLLECTIVE_OUTPUT'],
      [{ maxCollectiveOutputs: 0 }, 'INVALID_MAX_COLLECTIVE_OUTPUTS'],
      [{ minCollectiveBondingTime: -1 }, 'INVALID_MIN_COLLECTIVE_BONDING_TIME'],
      [{ minCollectiveClaimPeriod: 1.5 }, 'INVALID_MIN_COLLECTIVE_CLAIM_PERIOD'],
      [{ minCollectiveBond: '-1' }, 'MIN_COLLECTIVE_BOND_INVALID'],
      [{ minCollectiveBond: '10', maxCollectiveOutputs: 0 }, 'INVALID_MAX_COLLECTIVE_OUTPUTS'],
    ];
    for (const [body, code] of cases) {
      const response = await admin('PUT', '/network-properties', body);
      expect({ body, status: response.statusCode, code: errorOf(response) }).toEqual({ body, status: 400, code });
    }
    expect((await read('/v1/network-properties')).json()).toEqual(before);
  });
});
