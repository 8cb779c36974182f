import type { Registry } from 'prom-client';
import type { RouteRegistration } from '../../api/build-app.js';
import { adminRoutes } from '../../api/routes/admin.routes.js';
import { statsRoutes } from '../../api/routes/stats.routes.js';
import { registerServiceMetrics, type ServiceMetricSources } from '../../api/service-metrics.js';
import type { ApiServices } from '../../api/services.js';
import type { FeatureModule } from '../feature-module.js';

export interface OperationsModuleDeps {
  /** The core routes' services (one object shared by the core modules' routes). */
  services: ApiServices;
  /** Delegations, payouts, the indexer, the active set, the jobs running: kept current in the background, read from memory at scrape time. */
  metricSources: ServiceMetricSources;
}

/**
 * Operations: public statistics (`/v1/stats`), the service's gauges in `/metrics`, and the admin
 * operations (`/v1/admin/rounds`, `/v1/admin/candidates/confirm`, `/v1/admin/jobs`). Those three
 * admin routes stay one plugin (src/api/routes/admin.routes.ts) mounted here, though two act on
 * rounds and candidates: one place for what an operator does by hand.
 */
export function operationsModule(deps: OperationsModuleDeps): FeatureModule {
  const options = { services: deps.services };
  return {
    name: 'operations',
    routes: [{ plugin: statsRoutes as RouteRegistration['plugin'], options }],
    adminRoutes: [{ plugin: adminRoutes as RouteRegistration['plugin'], options }],
    metrics: (registry: Registry) => registerServiceMetrics(registry, deps.metricSources),
  };
}
