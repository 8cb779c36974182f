import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteRegistration } from '../../api/build-app.js';
import { webAppPlugin } from '../../api/plugins/web-app.js';
import { appConfigRoutes, type AppConfig } from '../../api/routes/app-config.routes.js';
import type { FeatureModule } from '../feature-module.js';

/** Where `npm run build:web` writes the app. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface WebModuleDeps {
  appConfig(): AppConfig;
  /** The built app's folder (default: web/dist). */
  root?: string;
}

/** The web app at `/` and what it asks first (`GET /v1/app-config`). */
export function webModule(deps: WebModuleDeps): FeatureModule {
  const route = (plugin: unknown, options: object): RouteRegistration => ({
    plugin: plugin as RouteRegistration['plugin'],
    options,
  });
  return {
    name: 'web',
    routes: [
      route(appConfigRoutes, { appConfig: deps.appConfig }),
      route(webAppPlugin, { root: deps.root ?? WEB_DIST, chainEndpoint: () => deps.appConfig().chain.endpoint }),
    ],
  };
}
