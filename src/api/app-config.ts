/**
 * The app config's shape, in a file that imports nothing: the route serves it and the web app
 * (web/src/lib/app-config.ts) reads it with the same type.
 */
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
