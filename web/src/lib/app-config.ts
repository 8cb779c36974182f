/** `GET /v1/app-config`: what the app must know first (the type the route serves). */
export type { AppConfig } from '../../../src/api/app-config.js';
