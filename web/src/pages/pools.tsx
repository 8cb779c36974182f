export { PoolsPage } from './pools/pools-page.js';
export { PoolPage } from './pools/pool-page.js';
