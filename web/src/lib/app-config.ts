/** `GET /v1/app-config`: what the app must know first. */
export interface AppConfig {
  network: string;
  chain: {
    endpoint: string | null;
    genesisHash: string | null;
    ss58Prefix: number;
    token: { symbol: string; decimals: number };
    connected: boolean;
  };
  operator: string | null;
  targetsPerDelegator: number;
  demo: boolean;
}
