import type { Call } from '@polkadot/types/interfaces';
import { bnToU8a, compactToU8a, stringToU8a, u8aConcat, u8aSorted } from '@polkadot/util';
import { blake2AsU8a, decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { callLeaves, callTree, type CallNode } from '../../../src/chain/call-walker.js';
import { assetHubRuntime } from '../../support/chain-metadata.js';

const ah = assetHubRuntime();
const f = ah.calls;
const addr = (fill: number) => encodeAddress(new Uint8Array(32).fill(fill), 2);
const [signer, stashA, stashB, target] = [addr(1), addr(2), addr(3), addr(9)];
const nominate = () => f('staking', 'nominate', [target]);
const proxied = (real: unknown, call: Call) => f('proxy', 'proxy', real, 'Staking', call);
const leaves = (node: CallNode) => callLeaves(node).map((l) => [`${l.call.section}.${l.call.method}`, l.origin]);

describe('callTree on calls built from Kusama Asset Hub metadata', () => {
  it('makes a direct call a leaf dispatched by the signer', () => {
    const tree = callTree(nominate(), signer, 2);
    expect(tree.kind).toBe('leaf');
    expect(leaves(tree)).toEqual([['staking.nominate', signer]]);
  });

  it('walks nested batches and proxies; a proxied call runs as `real`', () => {
    const call = f('utility', 'forceBatch', [
      proxied(stashA, nominate()),
      proxied(stashB, f('utility', 'batchAll', [f('staking', 'chill'), nominate()])),
      f('utility', 'batch', [nominate(), f('balances', 'transferKeepAlive', stashA, 1n)]),
    ]);
    const tree = callTree(call, signer, 2);
    expect(leaves(tree)).toEqual([
      ['staking.nominate', stashA],
      ['staking.chill', stashB],
      ['staking.nominate', stashB],
      ['staking.nominate', signer],
      ['balances.transferKeepAlive', signer],
    ]);
    expect(tree).toMatchObject({
      kind: 'forceBatch',
      children: [
        { kind: 'wrapped', result: 'proxy.ProxyExecuted', child: { kind: 'leaf' } },
        { kind: 'wrapped', result: 'proxy.ProxyExecuted', child: { kind: 'batchAll' } },
        { kind: 'batch' },
      ],
    });
  });

  it('follows proxy in proxy and proxyAnnounced (real, not the delegate)', () => {
    const call = proxied(stashA, f('proxy', 'proxyAnnounced', signer, stashB, null, nominate()));
    expect(leaves(callTree(call, signer, 2))).toEqual([['staking.nominate', stashB]]);
  });

  it('gives utility.asDerivative the derived account of the origin', () => {
    const call = f('utility', 'asDerivative', 7, nominate());
    // pallet-utility: blake2_256("modlpy/utilisuba" ++ who ++ index as u16 LE).
    const derived = blake2AsU8a(
      u8aConcat(stringToU8a('modlpy/utilisuba'), decodeAddress(signer), bnToU8a(7, { bitLength: 16 })),
    );
    expect(leaves(callTree(call, signer, 2))).toEqual([['staking.nominate', encodeAddress(derived, 2)]]);
  });

  it('gives utility.dispatchAs the signed origin it names, none for Root', () => {
    const asA = f('utility', 'dispatchAs', { system: { Signed: stashA } }, nominate());
    expect(callTree(asA, signer, 2)).toMatchObject({ kind: 'wrapped', result: 'utility.DispatchedAs' });
    expect(leaves(callTree(asA, signer, 2))).toEqual([['staking.nominate', stashA]]);
    const asRoot = f('utility', 'dispatchAs', { system: 'Root' }, nominate());
    expect(leaves(callTree(asRoot, signer, 2))).toEqual([['staking.nominate', null]]);
  });

  it('keeps utility.withWeight transparent and leaves an account index unresolved', () => {
    const call = f('utility', 'withWeight', proxied({ Index: 5 }, nominate()), { refTime: 1, proofSize: 1 });
    const tree = callTree(call, signer, 2);
    expect(tree).toMatchObject({ kind: 'wrapped', result: null, child: { kind: 'wrapped' } });
    expect(leaves(tree)).toEqual([['staking.nominate', null]]);
  });

  it('runs multisig.asMultiThreshold1 and asMulti calls as the multisig account of the sorted signatories', () => {
    // pallet-multisig: blake2_256("modlpy/utilisuba" ++ sorted signatories (compact length) ++ threshold as u16 LE).
    const multisig = (who: string[], threshold: number) =>
      encodeAddress(
        blake2AsU8a(
          u8aConcat(
            stringToU8a('modlpy/utilisuba'),
            compactToU8a(who.length),
            ...u8aSorted(who.map((w) => decodeAddress(w))),
            bnToU8a(threshold, { bitLength: 16 }),
          ),
        ),
        2,
      );
    const one = f('multisig', 'asMultiThreshold1', [stashA], f('proxy', 'removeProxies'));
    const oneTree = callTree(one, stashB, 2);
    expect(oneTree).toMatchObject({ kind: 'wrapped', result: null, child: { kind: 'leaf' } });
    expect(leaves(oneTree)).toEqual([['proxy.removeProxies', multisig([stashB, stashA], 1)]]);

    const two = f(
      'multisig',
      'asMulti',
      2,
      [stashA, stashB],
      { height: 5, index: 1 },
      f('utility', 'batchAll', [f('staking', 'setPayee', 'Stash'), nominate()]),
      { refTime: 1, proofSize: 1 },
    );
    const twoTree = callTree(proxied(signer, two), target, 2);
    expect(twoTree).toMatchObject({
      kind: 'wrapped',
      result: 'proxy.ProxyExecuted',
      child: { kind: 'wrapped', result: 'multisig.MultisigExecuted', child: { kind: 'batchAll' } },
    });
    const account = multisig([signer, stashA, stashB], 2);
    expect(leaves(twoTree)).toEqual([
      ['staking.setPayee', account],
      ['staking.nominate', account],
    ]);
    // Same signatories, another threshold: another account.
    expect(account).not.toBe(multisig([signer, stashA, stashB], 1));
  });

  it('walks both branches of utility.ifElse with the same origin', () => {
    const call = f('utility', 'ifElse', proxied(stashA, nominate()), f('proxy', 'removeProxies'));
    const tree = callTree(call, signer, 2);
    expect(tree).toMatchObject({ kind: 'ifElse', main: { kind: 'wrapped' }, fallback: { kind: 'leaf' } });
    expect(leaves(tree)).toEqual([
      ['staking.nominate', stashA],
      ['proxy.removeProxies', signer],
    ]);
  });

  it('encodes origins with the prefix it is given', () => {
    const polkadot = encodeAddress(decodeAddress(stashA), 0);
    expect(leaves(callTree(proxied(stashA, nominate()), signer, 0))).toEqual([['staking.nominate', polkadot]]);
  });
});
