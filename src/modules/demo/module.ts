import type { RouteRegistration } from '../../api/build-app.js';
import { demoRoutes } from '../../api/routes/demo.routes.js';
import type { FeatureModule } from '../feature-module.js';
import { httpDemoControl, type DemoControl } from './demo-control.js';

export interface DemoModuleDeps {
  /** DEMO_CONTROL_URL: the demo's control server. */
  controlUrl: string;
  /** Tests: instead of the control server over HTTP. */
  control?: DemoControl;
}

/**
 * Demo mode (`npm run demo`) only: `GET /v1/demo` (the demo accounts, the active era) and
 * `POST /v1/demo/eras` (the next era), forwarded to the demo's control server. Without
 * DEMO_CONTROL_URL the module is not built, and the routes do not exist (404).
 */
export function demoModule(deps: DemoModuleDeps): FeatureModule {
  const control = deps.control ?? httpDemoControl(deps.controlUrl);
  return {
    name: 'demo',
    routes: [{ plugin: demoRoutes as RouteRegistration['plugin'], options: { control } }],
  };
}
