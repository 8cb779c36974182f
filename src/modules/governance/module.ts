import type { Logger } from 'pino';
import { proposalsRoutes } from '../../api/routes/proposals.routes.js';
import type { GovernanceDeps } from '../../domain/governance/governance-deps.js';
import type { Authorize } from '../../domain/wallet/authorize.js';
import { governanceProcessor } from '../../workers/processors/governance.processor.js';
import type { FeatureModule } from '../feature-module.js';

export const GOVERNANCE_QUEUE = 'governance';

export interface GovernanceModuleDeps {
  governance: GovernanceDeps;
  authorize: Authorize;
  logger: Logger;
  /** GOVERNANCE_TICK_MS. */
  tickMs: number;
}

/**
 * Governance: the proposal reads and votes (`/v1/proposals`), and the tick that closes ended
 * votes and enacts passed proposals. Subjects (pools, collectives) register themselves in
 * `governance.subjects`; each makes its proposals at its own route with `propose`.
 */
export function governanceModule(deps: GovernanceModuleDeps): FeatureModule {
  return {
    name: 'governance',
    routes: [
      {
        plugin: proposalsRoutes,
        prefix: '/v1/proposals',
        options: { deps: { governance: deps.governance, authorize: deps.authorize } },
      },
    ],
    workers: () => [
      {
        name: GOVERNANCE_QUEUE,
        processor: governanceProcessor(deps.governance, deps.logger.child({ queue: GOVERNANCE_QUEUE })),
        everyMs: deps.tickMs,
      },
    ],
  };
}
