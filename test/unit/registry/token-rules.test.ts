import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAgainstRegistry,
  tokenFromInput,
  type Token,
  type TokenInput,
} from '../../../src/domain/registry/token.js';

const chain = { symbol: 'KSM', decimals: 12 };
const native: TokenInput = { kind: 'native', decimals: 12, rate: '1', staking: true };
const asset: TokenInput = { kind: 'asset', assetId: 1984, decimals: 6, rate: '0.5' };

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code?: string; kind?: string }).code;
  }
};
const kindOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { kind?: string }).kind;
  }
};

describe('tokenFromInput', () => {
  it('takes a native token and an asset, canonical rate, staking false unless said', () => {
    expect(tokenFromInput('KSM', native, chain)).toEqual({
      denom: 'KSM',
      kind: 'native',
      assetId: null,
      decimals: 12,
      rate: '1',
      staking: true,
    });
    expect(tokenFromInput('USDt', { ...asset, rate: '0.500' }, chain)).toEqual({
      denom: 'USDt',
      kind: 'asset',
      assetId: 1984,
      decimals: 6,
      rate: '0.5',
      staking: false,
    });
    expect(tokenFromInput('KSM', { ...native, rate: '0' }, chain).rate).toBe('0');
  });

  it.each([
    ['a denom starting with a digit', '1KSM', native, 'DENOM_INVALID'],
    ['a denom with a space', 'K SM', native, 'DENOM_INVALID'],
    ['an empty denom', '', native, 'DENOM_INVALID'],
    ['a denom of 33 characters', `K${'s'.repeat(32)}`, native, 'DENOM_INVALID'],
    ['an asset without id', 'USDt', { ...asset, assetId: undefined }, 'ASSET_ID_REQUIRED'],
    ['a native token with an asset id', 'KSM', { ...native, assetId: 1 }, 'ASSET_ID_UNEXPECTED'],
    ['a negative asset id', 'USDt', { ...asset, assetId: -1 }, 'ASSET_ID_INVALID'],
    ['an asset id above u32', 'USDt', { ...asset, assetId: 4_294_967_296 }, 'ASSET_ID_INVALID'],
    ['a fractional asset id', 'USDt', { ...asset, assetId: 1.5 }, 'ASSET_ID_INVALID'],
    ['39 decimals', 'USDt', { ...asset, decimals: 39 }, 'DECIMALS_INVALID'],
    ['negative decimals', 'USDt', { ...asset, decimals: -1 }, 'DECIMALS_INVALID'],
    ['fractional decimals', 'USDt', { ...asset, decimals: 6.5 }, 'DECIMALS_INVALID'],
    ['a negative rate', 'USDt', { ...asset, rate: '-1' }, 'RATE_INVALID'],
    ['a rate with an exponent', 'USDt', { ...asset, rate: '1e3' }, 'RATE_INVALID'],
    ['a rate with 19 fractional digits', 'USDt', { ...asset, rate: `0.${'1'.repeat(19)}` }, 'RATE_INVALID'],
    ['a kind of its own', 'USDt', { ...asset, kind: 'nft' as never }, 'KIND_INVALID'],
  ])('refuses %s with 400 %s', (_name, denom, input, code) => {
    expect(codeOf(() => tokenFromInput(denom, input, chain))).toBe(code);
    expect(kindOf(() => tokenFromInput(denom, input, chain))).toBe('validation');
  });

  it('keeps the edges: 32-character denom, 0 and 38 decimals, asset ids 0 and 4294967295', () => {
    expect(tokenFromInput(`K${'s'.repeat(31)}`, asset, chain).denom).toHaveLength(32);
    expect(tokenFromInput('A.b_c-1', { ...asset, decimals: 0 }, chain).decimals).toBe(0);
    expect(tokenFromInput('USDt', { ...asset, decimals: 38 }, chain).decimals).toBe(38);
    expect(tokenFromInput('USDt', { ...asset, assetId: 0 }, chain).assetId).toBe(0);
    expect(tokenFromInput('USDt', { ...asset, assetId: 4_294_967_295 }, chain).assetId).toBe(4_294_967_295);
  });

  it('refuses a staking asset with 422 STAKING_TOKEN_NOT_NATIVE: staking bonds the native token only', () => {
    expect(codeOf(() => tokenFromInput('USDt', { ...asset, staking: true }, chain))).toBe('STAKING_TOKEN_NOT_NATIVE');
    expect(kindOf(() => tokenFromInput('USDt', { ...asset, staking: true }, chain))).toBe('rule');
  });

  it("refuses a native token whose decimals are not the chain's, unless the chain is not known yet", () => {
    expect(codeOf(() => tokenFromInput('KSM', { ...native, decimals: 10 }, chain))).toBe('NATIVE_DECIMALS_MISMATCH');
    expect(kindOf(() => tokenFromInput('KSM', { ...native, decimals: 10 }, chain))).toBe('rule');
    expect(tokenFromInput('KSM', { ...native, decimals: 10 }, null).decimals).toBe(10);
    // An asset's decimals are its own.
    expect(tokenFromInput('USDt', { ...asset, decimals: 10 }, chain).decimals).toBe(10);
  });

  it('accepts exactly the denoms of the pattern', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (denom) => {
        const ok = codeOf(() => tokenFromInput(denom, asset, chain)) === 'ok';
        expect(ok).toBe(/^[A-Za-z][A-Za-z0-9._-]{0,31}$/.test(denom));
      }),
    );
  });
});

describe('checkAgainstRegistry', () => {
  const ksm: Token = { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '1', staking: true };
  const usdt: Token = { denom: 'USDt', kind: 'asset', assetId: 1984, decimals: 6, rate: '1', staking: false };

  it('allows one native token, and an asset id once', () => {
    expect(codeOf(() => checkAgainstRegistry({ ...ksm, denom: 'KSM2' }, [ksm, usdt]))).toBe('NATIVE_TOKEN_EXISTS');
    expect(codeOf(() => checkAgainstRegistry({ ...usdt, denom: 'USDT' }, [ksm, usdt]))).toBe('ASSET_ID_TAKEN');
    expect(kindOf(() => checkAgainstRegistry({ ...usdt, denom: 'USDT' }, [ksm, usdt]))).toBe('conflict');
    expect(codeOf(() => checkAgainstRegistry({ ...usdt, denom: 'USDT', assetId: 1 }, [ksm, usdt]))).toBe('ok');
  });

  it('lets a denom replace its own entry, even changing its kind', () => {
    expect(codeOf(() => checkAgainstRegistry({ ...ksm, rate: '3' }, [ksm, usdt]))).toBe('ok');
    expect(codeOf(() => checkAgainstRegistry({ ...usdt, rate: '3' }, [ksm, usdt]))).toBe('ok');
    expect(codeOf(() => checkAgainstRegistry({ ...ksm, kind: 'asset', assetId: 7 }, [ksm, usdt]))).toBe('ok');
    // The native token turned into an asset frees the native slot for another denom.
    expect(codeOf(() => checkAgainstRegistry({ ...usdt, kind: 'native', assetId: null }, [ksm, usdt]))).toBe(
      'NATIVE_TOKEN_EXISTS',
    );
  });
});
