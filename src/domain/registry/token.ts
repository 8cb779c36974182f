import { conflict, ruleViolation, validationError } from '../errors.js';
import { canonicalDecimal } from '../shared/fixed-point.js';

/**
 * The token registry (DESIGN §2): the chain's native token and `pallet-assets` assets by id, each
 * with its decimals, its value in base units (`rate`, of one whole token) and whether it is a
 * staking token.
 */
export type TokenKind = 'native' | 'asset';

export interface Token {
  denom: string;
  kind: TokenKind;
  /** The `pallet-assets` id (a u32) of an asset; null for the native token. */
  assetId: number | null;
  decimals: number;
  /** Base units per whole token (10^decimals planck): an exact decimal string, canonical (no trailing zeros). */
  rate: string;
  staking: boolean;
}

/** A `PUT /v1/admin/tokens/{denom}` body, as sent. */
export interface TokenInput {
  kind: TokenKind;
  assetId?: number;
  decimals: number;
  rate: string;
  /** Absent: false. */
  staking?: boolean;
}

/** What the chain says of its own token; null while the chain has not answered yet. */
export interface NativeTokenInfo {
  symbol: string;
  decimals: number;
}

export const DENOM_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
export const MAX_DECIMALS = 38;
export const U32_MAX = 4_294_967_295;

/**
 * A token from its request, checked field by field (400) and against the one chain the service
 * runs on (422): only the native token is bonded by `staking`, so only it may be a staking token,
 * and its decimals are the chain's.
 */
export function tokenFromInput(denom: string, input: TokenInput, chainNative: NativeTokenInfo | null): Token {
  if (!DENOM_PATTERN.test(denom))
    throw validationError('DENOM_INVALID', 'denom must match ^[A-Za-z][A-Za-z0-9._-]{0,31}$', { field: 'denom' });
  if (input.kind !== 'native' && input.kind !== 'asset')
    throw validationError('KIND_INVALID', 'kind must be "native" or "asset"', { field: 'kind' });
  if (input.kind === 'asset') {
    if (input.assetId === undefined)
      throw validationError('ASSET_ID_REQUIRED', 'an asset needs its assetId', { field: 'assetId' });
    if (!Number.isInteger(input.assetId) || input.assetId < 0 || input.assetId > U32_MAX)
      throw validationError('ASSET_ID_INVALID', 'assetId must be an integer from 0 to 4294967295', {
        field: 'assetId',
      });
  } else if (input.assetId !== undefined) {
    throw validationError('ASSET_ID_UNEXPECTED', 'the native token has no assetId', { field: 'assetId' });
  }
  if (!Number.isInteger(input.decimals) || input.decimals < 0 || input.decimals > MAX_DECIMALS)
    throw validationError('DECIMALS_INVALID', `decimals must be an integer from 0 to ${MAX_DECIMALS}`, {
      field: 'decimals',
    });
  const rate = canonicalDecimal(input.rate, { field: 'rate', code: 'RATE_INVALID', allowZero: true });
  const staking = input.staking ?? false;
  if (staking && input.kind !== 'native')
    throw ruleViolation(
      'STAKING_TOKEN_NOT_NATIVE',
      'only the native token can be a staking token: it is what `staking` bonds on this chain',
      { field: 'staking' },
    );
  if (input.kind === 'native' && chainNative !== null && chainNative.decimals !== input.decimals)
    throw ruleViolation(
      'NATIVE_DECIMALS_MISMATCH',
      `the chain's native token (${chainNative.symbol}) has ${chainNative.decimals} decimals, not ${input.decimals}`,
      { field: 'decimals', expected: chainNative.decimals },
    );
  return {
    denom,
    kind: input.kind,
    assetId: input.kind === 'asset' ? input.assetId! : null,
    decimals: input.decimals,
    rate,
    staking,
  };
}

/**
 * `token` may join (or replace its own denom in) `registry`: one native token, and an asset id
 * names one denom.
 */
export function checkAgainstRegistry(token: Token, registry: readonly Token[]): void {
  const others = registry.filter((t) => t.denom !== token.denom);
  const native = others.find((t) => t.kind === 'native');
  if (token.kind === 'native' && native)
    throw conflict('NATIVE_TOKEN_EXISTS', `${native.denom} is the native token already; delist it first`, {
      denom: native.denom,
    });
  const sameAsset = token.assetId === null ? undefined : others.find((t) => t.assetId === token.assetId);
  if (sameAsset)
    throw conflict('ASSET_ID_TAKEN', `asset ${token.assetId} is listed as ${sameAsset.denom} already`, {
      denom: sameAsset.denom,
    });
}
