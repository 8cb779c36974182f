import {
  DEFAULT_NETWORK_PROPERTIES,
  type NetworkProperties,
  type StoredNetworkProperties,
} from '../domain/registry/network-properties.js';
import type { NetworkPropertiesRepository } from '../domain/registry/network-properties.repository.js';
import type { PrismaClient, NetworkProperties as NetworkPropertiesRow } from './generated/client.js';

/** The one row of the table. */
const ROW_ID = 1;

const toDomain = (r: NetworkPropertiesRow): StoredNetworkProperties => ({
  minCollectiveBond: r.minCollectiveBond,
  minCollectiveBondingTime: r.minCollectiveBondingTime,
  maxCollectiveOutputs: r.maxCollectiveOutputs,
  minCollectiveClaimPeriod: r.minCollectiveClaimPeriod,
  updatedAt: r.updatedAt,
});

export class PrismaNetworkPropertiesRepository implements NetworkPropertiesRepository {
  constructor(private readonly db: PrismaClient) {}

  async get(): Promise<StoredNetworkProperties> {
    const row = await this.db.networkProperties.findUnique({ where: { id: ROW_ID } });
    return row ? toDomain(row) : { ...DEFAULT_NETWORK_PROPERTIES, updatedAt: null };
  }

  async update(changes: Partial<NetworkProperties>): Promise<StoredNetworkProperties> {
    if (Object.keys(changes).length === 0) return this.get();
    // One statement: two operators setting different fields at once both keep their change.
    const row = await this.db.networkProperties.upsert({
      where: { id: ROW_ID },
      create: { id: ROW_ID, ...DEFAULT_NETWORK_PROPERTIES, ...changes },
      update: changes,
    });
    return toDomain(row);
  }
}
