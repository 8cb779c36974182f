import type { Token } from './token.js';

/** The token registry's storage. Small (a handful of tokens): reads return whole lists. */
export interface TokenRepository {
  /** Every listed token, by denom. */
  list(): Promise<Token[]>;
  get(denom: string): Promise<Token | null>;
  byAssetId(assetId: number): Promise<Token | null>;
  /** The native token, when one is listed. */
  native(): Promise<Token | null>;
  /**
   * Lists `token` (or replaces the token of its denom) once `check` accepted the registry as it is
   * at that moment, with no other write in between; `check` throws to refuse, and nothing is written.
   */
  put(token: Token, check: (registry: readonly Token[]) => void): Promise<{ created: boolean }>;
  /** Delists `denom`; the token it removed, or null when none was listed. */
  delete(denom: string): Promise<Token | null>;
}
