import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppConfig } from '../app-config.js';

export type { AppConfig };

export interface AppConfigRoutesOptions {
  appConfig(): AppConfig;
}

const AppConfigSchema = Type.Object({
  network: Type.String(),
  chain: Type.Object({
    endpoint: Type.Union([Type.String(), Type.Null()]),
    genesisHash: Type.Union([Type.String(), Type.Null()]),
    ss58Prefix: Type.Integer(),
    token: Type.Object({ symbol: Type.String(), decimals: Type.Integer() }),
    connected: Type.Boolean(),
  }),
  operator: Type.Union([Type.String(), Type.Null()]),
  targetsPerDelegator: Type.Integer(),
  demo: Type.Boolean(),
});

export const appConfigRoutes: FastifyPluginAsyncTypebox<AppConfigRoutesOptions> = async (app, { appConfig }) => {
  app.get(
    '/v1/app-config',
    {
      schema: {
        tags: ['web app'],
        summary:
          "What a wallet or the web app needs first: the network, the staking chain's endpoint for browsers, its genesis hash (signed requests name it), SS58 prefix and token, and the operator to grant the Staking proxy to",
        response: { 200: AppConfigSchema },
      },
    },
    async () => appConfig(),
  );
};
