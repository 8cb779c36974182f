import type { AddressCodec, Clock } from '../ports.js';
import type { Authorize } from '../wallet/authorize.js';
import type { PoolRegistries } from './pool-registries.js';
import type { PoolRepository } from './pool.repository.js';

export interface PoolDeps {
  authorize: Authorize;
  pools: PoolRepository;
  registries: PoolRegistries;
  codec: AddressCodec;
  clock: Clock;
}
