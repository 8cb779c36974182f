import { DomainError } from '../errors.js';
import type { NativeTokenInfo } from './token.js';
import type { TokenRepository } from './token.repository.js';
import { putToken } from './token.use-cases.js';

export const NATIVE_SEEDED_KEY = 'registry.native-token-seeded';

/**
 * Lists the chain's own token (KSM on Kusama Asset Hub: 12 decimals, the staking token, rate "1")
 * the first time the service meets the chain with an empty native slot, so that pools and
 * collectives work out of the box; an operator sets its rate, or delists it, afterwards, and a
 * delisted native token is not listed again (the seeding is remembered). Safe when two processes
 * seed at once: one listing wins, the other finds it.
 */
export async function seedNativeToken(deps: {
  tokens: TokenRepository;
  state: { get(key: string): Promise<string | null>; set(key: string, value: string): Promise<void> };
  native: NativeTokenInfo;
}): Promise<boolean> {
  if ((await deps.state.get(NATIVE_SEEDED_KEY)) !== null) return false;
  let listed = false;
  if (!(await deps.tokens.native()) && !(await deps.tokens.get(deps.native.symbol))) {
    try {
      await putToken({ tokens: deps.tokens, nativeToken: () => deps.native }, deps.native.symbol, {
        kind: 'native',
        decimals: deps.native.decimals,
        rate: '1',
        staking: true,
      });
      listed = true;
    } catch (e) {
      // Another process listed it first.
      if (!(e instanceof DomainError && e.kind === 'conflict')) throw e;
    }
  }
  await deps.state.set(NATIVE_SEEDED_KEY, new Date().toISOString());
  return listed;
}
