import type { NetworkProperties, StoredNetworkProperties } from './network-properties.js';

export interface NetworkPropertiesRepository {
  /** The properties in force: the defaults until an operator set them. */
  get(): Promise<StoredNetworkProperties>;
  /** Applies `changes` over the properties in force (the defaults the first time), in one write. */
  update(changes: Partial<NetworkProperties>): Promise<StoredNetworkProperties>;
}
