import type { StoredNetworkProperties } from '../../domain/registry/network-properties.js';
import type { Role } from '../../domain/registry/role.js';
import type { Token } from '../../domain/registry/token.js';

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export const presentToken = (t: Token) => ({
  denom: t.denom,
  kind: t.kind,
  assetId: t.assetId,
  decimals: t.decimals,
  rate: t.rate,
  staking: t.staking,
});

export const presentRole = (r: Role) => ({ name: r.name, memberCount: r.memberCount, createdAt: unix(r.createdAt) });

export const presentNetworkProperties = (p: StoredNetworkProperties) => ({
  minCollectiveBond: p.minCollectiveBond,
  minCollectiveBondingTime: p.minCollectiveBondingTime,
  maxCollectiveOutputs: p.maxCollectiveOutputs,
  minCollectiveClaimPeriod: p.minCollectiveClaimPeriod,
  updatedAt: p.updatedAt === null ? null : unix(p.updatedAt),
});
