import type { Call } from '@polkadot/types/interfaces';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafOutcomes, type OutcomeMarker } from '../../../src/chain/call-outcomes.js';
import type { CallNode, ResultEvent } from '../../../src/chain/call-walker.js';

const leaf = (): CallNode => ({ kind: 'leaf', call: {} as Call, origin: null });
const proxy = (child: CallNode): CallNode => ({ kind: 'wrapped', result: 'proxy.ProxyExecuted', child });
const batch = (kind: 'batch' | 'batchAll' | 'forceBatch', ...children: CallNode[]): CallNode => ({ kind, children });
const asMulti = (child: CallNode): CallNode => ({ kind: 'wrapped', result: 'multisig.MultisigExecuted', child });
const ifElse = (main: CallNode, fallback: CallNode): CallNode => ({ kind: 'ifElse', main, fallback });
const IC: OutcomeMarker = { kind: 'itemCompleted' };
const IF: OutcomeMarker = { kind: 'itemFailed' };
const BC: OutcomeMarker = { kind: 'batchCompleted' };
const BCE: OutcomeMarker = { kind: 'batchCompletedWithErrors' };
const executed = (ok: boolean, event: ResultEvent = 'proxy.ProxyExecuted'): OutcomeMarker => ({
  kind: 'result',
  event,
  ok,
});

describe('leafOutcomes: which calls of an extrinsic ran, from its events', () => {
  it('reads a forceBatch of proxies: ok, inner error, proxy itself failed', () => {
    const tree = batch('forceBatch', proxy(leaf()), proxy(leaf()), proxy(leaf()));
    const markers = [executed(true), IC, executed(false), IC, IF, BCE];
    expect(leafOutcomes(tree, true, markers)).toEqual([true, false, false]);
  });

  it('stops a batch at its interruption', () => {
    const tree = batch('batch', leaf(), leaf(), leaf());
    expect(leafOutcomes(tree, true, [IC, { kind: 'batchInterrupted', index: 1 }])).toEqual([true, false, false]);
    expect(leafOutcomes(tree, true, [IC, IC, IC, BC])).toEqual([true, true, true]);
  });

  it('tells nested batches apart by their own closing events', () => {
    const tree = batch('forceBatch', batch('forceBatch', leaf(), leaf()), leaf());
    // Inner item 0 failed, inner batch completed with errors, outer item 0 completed, outer item 1 failed.
    const markers = [IF, IC, BCE, IC, IF, BCE];
    expect(leafOutcomes(tree, true, markers)).toEqual([false, true, false]);
  });

  it('reads a proxied batchAll and its rollback', () => {
    const tree = proxy(batch('batchAll', leaf(), leaf()));
    expect(leafOutcomes(tree, true, [IC, IC, BC, executed(true)])).toEqual([true, true]);
    expect(leafOutcomes(tree, true, [executed(false)])).toEqual([false, false]);
  });

  it('reads multisig.asMulti: its call ran only with the last approval (MultisigExecuted)', () => {
    const multisig = (ok: boolean) => executed(ok, 'multisig.MultisigExecuted');
    expect(leafOutcomes(asMulti(leaf()), true, [multisig(true)])).toEqual([true]);
    expect(leafOutcomes(asMulti(leaf()), true, [multisig(false)])).toEqual([false]);
    // Not the last approval: NewMultisig / MultisigApproval only, the call did not run.
    expect(leafOutcomes(asMulti(leaf()), true, [])).toEqual([false]);
    // Two approvals in one batch: the first ran its call, the second only recorded an approval.
    const tree = batch('batchAll', asMulti(leaf()), asMulti(leaf()));
    expect(leafOutcomes(tree, true, [multisig(true), IC, IC, BC])).toEqual([true, false]);
    expect(leafOutcomes(tree, true, [IC, multisig(true), IC, BC])).toEqual([false, true]);
  });

  it('reads utility.ifElse: the main call, or the fallback after the main one failed', () => {
    const tree = ifElse(leaf(), proxy(leaf()));
    expect(leafOutcomes(tree, true, [{ kind: 'ifElseMain' }])).toEqual([true, false]);
    expect(leafOutcomes(tree, true, [executed(true), { kind: 'ifElseFallback' }])).toEqual([false, true]);
    expect(leafOutcomes(tree, true, [executed(false), { kind: 'ifElseFallback' }])).toEqual([false, false]);
    expect(leafOutcomes(tree, true, [IC])).toBeNull();
  });

  it('reports nothing as ran in a failed extrinsic', () => {
    expect(leafOutcomes(batch('batchAll', leaf(), leaf()), false, [])).toEqual([false, false]);
    expect(leafOutcomes(leaf(), false, [])).toEqual([false]);
  });

  it('gives up (null) when the events do not fit the tree', () => {
    // A leaf that ran wrappers of its own (e.g. a scheduler call executing a proxy).
    expect(leafOutcomes(leaf(), true, [executed(true)])).toBeNull();
    expect(leafOutcomes(proxy(leaf()), true, [executed(true, 'sudo.Sudid')])).toBeNull();
    expect(leafOutcomes(batch('batchAll', leaf()), true, [IF, BCE])).toBeNull();
    expect(leafOutcomes(batch('batch', leaf()), true, [{ kind: 'batchInterrupted', index: 3 }])).toBeNull();
    expect(leafOutcomes(batch('forceBatch', leaf(), leaf()), true, [IC, BC])).toBeNull();
  });

  it('recovers every outcome of any tree from the events the runtime would emit (model)', () => {
    fc.assert(
      fc.property(treeArbitrary, fc.boolean(), (spec, signedOk) => {
        const { ok, markers, ran } = emit(spec);
        const extrinsicOk = ok && signedOk;
        // A failed extrinsic keeps none of its events.
        const expected = extrinsicOk ? ran : ran.map(() => false);
        expect(leafOutcomes(toNode(spec), extrinsicOk, extrinsicOk ? markers : [])).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

/** A tree with the fate of each dispatch: leaves succeed or fail, wrappers may fail themselves (NotProxy…). */
type Spec =
  | { kind: 'leaf'; ok: boolean }
  /** `last`: for multisig.asMulti, whether this approval is the last one (else it records an approval only). */
  | { kind: 'wrapped'; result: ResultEvent | null; ok: boolean; last: boolean; child: Spec }
  | { kind: 'batch' | 'batchAll' | 'forceBatch'; children: Spec[] }
  | { kind: 'ifElse'; ok: boolean; main: Spec; fallback: Spec };

const treeArbitrary: fc.Arbitrary<Spec> = fc.letrec<{ node: Spec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('leaf' as const), ok: fc.boolean() }),
    fc.record({
      kind: fc.constant('wrapped' as const),
      result: fc.constantFrom<ResultEvent | null>(
        'proxy.ProxyExecuted',
        'sudo.SudoAsDone',
        'multisig.MultisigExecuted',
        null,
      ),
      ok: fc.boolean(),
      last: fc.boolean(),
      child: tie('node'),
    }),
    fc.record({ kind: fc.constant('ifElse' as const), ok: fc.boolean(), main: tie('node'), fallback: tie('node') }),
    fc.record({
      kind: fc.constantFrom('batch' as const, 'batchAll' as const, 'forceBatch' as const),
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
  ),
})).node;

function toNode(spec: Spec): CallNode {
  if (spec.kind === 'leaf') return leaf();
  if (spec.kind === 'wrapped') return { kind: 'wrapped', result: spec.result, child: toNode(spec.child) };
  if (spec.kind === 'ifElse') return { kind: 'ifElse', main: toNode(spec.main), fallback: toNode(spec.fallback) };
  return { kind: spec.kind, children: spec.children.map(toNode) };
}

const count = (spec: Spec): number =>
  spec.kind === 'leaf'
    ? 1
    : spec.kind === 'wrapped'
      ? count(spec.child)
      : spec.kind === 'ifElse'
        ? count(spec.main) + count(spec.fallback)
        : spec.children.reduce((n, c) => n + count(c), 0);
const none = (spec: Spec) => Array.from({ length: count(spec) }, () => false);

/** pallet-utility / proxy / sudo / multisig as they dispatch: a failed dispatch rolls back its events and effects. */
function emit(spec: Spec): { ok: boolean; markers: OutcomeMarker[]; ran: boolean[] } {
  if (spec.kind === 'leaf') return { ok: spec.ok, markers: [], ran: [spec.ok] };
  if (spec.kind === 'ifElse') {
    if (!spec.ok) return { ok: false, markers: [], ran: none(spec) };
    const main = emit(spec.main);
    if (main.ok)
      return {
        ok: true,
        markers: [...main.markers, { kind: 'ifElseMain' }],
        ran: [...main.ran, ...none(spec.fallback)],
      };
    const fallback = emit(spec.fallback);
    if (!fallback.ok) return { ok: false, markers: [], ran: none(spec) };
    return {
      ok: true,
      markers: [...fallback.markers, { kind: 'ifElseFallback' }],
      ran: [...none(spec.main), ...fallback.ran],
    };
  }
  if (spec.kind === 'wrapped') {
    if (!spec.ok) return { ok: false, markers: [], ran: none(spec) };
    // An approval that is not the last: NewMultisig / MultisigApproval, which are no markers.
    if (spec.result === 'multisig.MultisigExecuted' && !spec.last) return { ok: true, markers: [], ran: none(spec) };
    const inner = emit(spec.child);
    if (spec.result === null) return inner.ok ? inner : { ok: false, markers: [], ran: none(spec) };
    const markers = [...(inner.ok ? inner.markers : []), executed(inner.ok, spec.result)];
    return { ok: true, markers, ran: inner.ok ? inner.ran : none(spec.child) };
  }
  const markers: OutcomeMarker[] = [];
  const ran: boolean[] = [];
  let failed = false;
  for (let i = 0; i < spec.children.length; i++) {
    const child = spec.children[i]!;
    const r = emit(child);
    if (r.ok) {
      markers.push(...r.markers, IC);
      ran.push(...r.ran);
      continue;
    }
    if (spec.kind === 'batchAll') return { ok: false, markers: [], ran: none(spec) };
    if (spec.kind === 'batch') {
      markers.push({ kind: 'batchInterrupted', index: i });
      for (const rest of spec.children.slice(i)) ran.push(...none(rest));
      return { ok: true, markers, ran };
    }
    failed = true;
    markers.push(IF);
    ran.push(...none(child));
  }
  markers.push(failed ? BCE : BC);
  return { ok: true, markers, ran };
}
