import type { CallNode, ResultEvent } from './call-walker.js';

/** The events of one extrinsic that tell which parts of its call tree ran, in emission order. */
export type OutcomeMarker =
  | { kind: 'itemCompleted' }
  | { kind: 'itemFailed' }
  | { kind: 'batchInterrupted'; index: number }
  | { kind: 'batchCompleted' }
  | { kind: 'batchCompletedWithErrors' }
  | { kind: 'result'; event: ResultEvent; ok: boolean }
  /** utility.IfElseMainSuccess / IfElseFallbackCalled. */
  | { kind: 'ifElseMain' }
  | { kind: 'ifElseFallback' };

class Mismatch extends Error {}

/**
 * Whether each leaf of `tree` (in `callLeaves` order) ran successfully, from the markers its
 * extrinsic emitted; null when the markers do not fit the tree (e.g. a leaf such as a scheduler
 * call ran wrappers of its own).
 *
 * Every dispatch is transactional: a call that fails leaves no events, only its parent's marker
 * (`ItemFailed`, `ProxyExecuted(Err)`, `BatchInterrupted`…). So the tree is read from the end:
 * a node's own marker is the last event of its span and tells whether its children ran before
 * their events are reached.
 */
export function leafOutcomes(tree: CallNode, extrinsicOk: boolean, markers: OutcomeMarker[]): boolean[] | null {
  try {
    const { start, leaves } = resolve(tree, extrinsicOk, markers, markers.length);
    return start === 0 ? leaves : null;
  } catch (error) {
    if (error instanceof Mismatch) return null;
    throw error;
  }
}

interface Span {
  start: number;
  leaves: boolean[];
}

function resolve(node: CallNode, ok: boolean, markers: OutcomeMarker[], end: number): Span {
  if (node.kind === 'leaf') return { start: end, leaves: [ok] };
  if (!ok) return { start: end, leaves: leafCount(node, false) };
  if (node.kind === 'wrapped') {
    if (node.result === null) return resolve(node.child, true, markers, end);
    // An approval that was not the last one runs nothing and emits no marker (NewMultisig and
    // MultisigApproval are none). The marker before it, if any, closes an earlier sibling.
    if (node.result === 'multisig.MultisigExecuted' && !isResult(markers[end - 1], node.result)) {
      return { start: end, leaves: leafCount(node, false) };
    }
    const marker = at(markers, end - 1);
    if (marker.kind !== 'result' || marker.event !== node.result) throw new Mismatch();
    return resolve(node.child, marker.ok, markers, end - 1);
  }
  if (node.kind === 'ifElse') {
    // A failed main call is rolled back: only the fallback's events remain, then IfElseFallbackCalled.
    const marker = at(markers, end - 1);
    if (marker.kind === 'ifElseMain') {
      const main = resolve(node.main, true, markers, end - 1);
      return { start: main.start, leaves: [...main.leaves, ...leafCount(node.fallback, false)] };
    }
    if (marker.kind !== 'ifElseFallback') throw new Mismatch();
    const fallback = resolve(node.fallback, true, markers, end - 1);
    return { start: fallback.start, leaves: [...leafCount(node.main, false), ...fallback.leaves] };
  }
  const last = at(markers, end - 1);
  const n = node.children.length;
  // How many leading items ran (each closed by its own marker), for batch's early stop.
  let ran = n;
  if (node.kind === 'batch' && last.kind === 'batchInterrupted') {
    if (last.index >= n) throw new Mismatch();
    ran = last.index;
  } else if (last.kind === 'batchCompletedWithErrors') {
    if (node.kind !== 'forceBatch') throw new Mismatch();
  } else if (last.kind !== 'batchCompleted') {
    throw new Mismatch();
  }
  const results: boolean[][] = Array.from({ length: n }, () => []);
  let pos = end - 1;
  for (let i = n - 1; i >= 0; i--) {
    const child = node.children[i]!;
    if (i >= ran) {
      results[i] = leafCount(child, false);
      continue;
    }
    const marker = at(markers, pos - 1);
    if (marker.kind !== 'itemCompleted' && (marker.kind !== 'itemFailed' || node.kind !== 'forceBatch')) {
      throw new Mismatch();
    }
    const span = resolve(child, marker.kind === 'itemCompleted', markers, pos - 1);
    results[i] = span.leaves;
    pos = span.start;
  }
  return { start: pos, leaves: results.flat() };
}

function isResult(marker: OutcomeMarker | undefined, event: ResultEvent): boolean {
  return marker?.kind === 'result' && marker.event === event;
}

function at(markers: OutcomeMarker[], index: number): OutcomeMarker {
  const marker = markers[index];
  if (!marker) throw new Mismatch();
  return marker;
}

function leafCount(node: CallNode, value: boolean): boolean[] {
  switch (node.kind) {
    case 'leaf':
      return [value];
    case 'wrapped':
      return leafCount(node.child, value);
    case 'ifElse':
      return [...leafCount(node.main, value), ...leafCount(node.fallback, value)];
    default:
      return node.children.flatMap((c) => leafCount(c, value));
  }
}
