/** Staking collectives: `#/collectives` (list, mine, create) and `#/collectives/<name>` (record and actions). */
export { CollectivesPage } from './collectives/list-page.js';
export { CollectivePage } from './collectives/detail-page.js';
