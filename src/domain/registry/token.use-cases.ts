import { notFound } from '../errors.js';
import { checkAgainstRegistry, tokenFromInput, type NativeTokenInfo, type Token, type TokenInput } from './token.js';
import type { TokenRepository } from './token.repository.js';

export interface TokenDeps {
  tokens: TokenRepository;
  /** The chain's own token; null while the chain has not answered (its decimals are then not checked). */
  nativeToken(): NativeTokenInfo | null;
}

/** `PUT /v1/admin/tokens/{denom}`: lists a token or replaces its entry. */
export async function putToken(
  deps: TokenDeps,
  denom: string,
  input: TokenInput,
): Promise<{ token: Token; created: boolean }> {
  const token = tokenFromInput(denom, input, deps.nativeToken());
  const { created } = await deps.tokens.put(token, (registry) => checkAgainstRegistry(token, registry));
  return { token, created };
}

/**
 * `DELETE /v1/admin/tokens/{denom}`: delists a token. What was booked in it stays booked; pools
 * hold new transfers of it apart, and collectives stop counting it (DESIGN §2).
 */
export async function delistToken(deps: Pick<TokenDeps, 'tokens'>, denom: string): Promise<Token> {
  const removed = await deps.tokens.delete(denom);
  if (!removed) throw tokenNotFound(denom);
  return removed;
}

export const tokenNotFound = (denom: string) => notFound('TOKEN_NOT_FOUND', `no token ${denom} is listed`);
