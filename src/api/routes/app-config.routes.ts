import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

/** What the web app needs to know before it can talk to a wallet and the chain. */
export interface AppConfig {
  network: string;
  /** The staking chain as the browser reaches it; identity fields are null until the service met the chain. */
  chain: {
    endpoint: string | null;
    genesisHash: string | null;
    ss58Prefix: number;
    token: { symbol: string; decimals: number };
    connected: boolean;
  };
  operator: string | null;
  targetsPerDelegator: number;
  /** Demo mode (`npm run demo`): the app offers the demo accounts and an era button. */
  demo: boolean;
}

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
