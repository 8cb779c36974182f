import type { AddressCodec } from '../ports/wallet.js';
import type { Clock } from '../ports/clock-and-beacon.js';
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
