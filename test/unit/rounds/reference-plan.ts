/**
 * The draw as it was before it was sliced and sped up (commit 6bda35c), kept as the oracle the
 * property tests compare with: a faster draw must give the very same selections.
 */
import { createHmac } from 'node:crypto';
import { canonicalSet } from '../../../src/domain/candidates/canonical-order.js';
import { eligibleInactive } from '../../../src/domain/candidates/evaluate-candidates.js';
import type { CandidateEvaluation } from '../../../src/domain/candidates/types.js';
import { decideDraw } from '../../../src/domain/rounds/needs-draw.js';
import type { PlanInput, PlanResult } from '../../../src/domain/rounds/plan-round.js';
import type { PlannedSelection } from '../../../src/domain/rounds/types.js';

interface Stream {
  nextInt(n: number): number;
}

export function referenceStream(seedHex: string, stash: string): Stream {
  const key = Buffer.from(seedHex.slice(2), 'hex');
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  const nextWord = () => {
    if (offset >= block.length) {
      block = createHmac('sha256', key)
        .update(new TextEncoder().encode(`${stash}:${counter}`))
        .digest();
      counter += 1;
      offset = 0;
    }
    const word = block.readUInt32BE(offset);
    offset += 4;
    return word;
  };
  return {
    nextInt: (n) => {
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const word = nextWord();
        if (word < limit) return word % n;
      }
    },
  };
}

export function referenceDraw(pool: string[], exclude: string[], count: number, stream: Stream): string[] {
  const excluded = new Set(exclude);
  const available = canonicalSet(pool).filter((address) => !excluded.has(address));
  const picks = Math.min(count, available.length);
  for (let i = 0; i < picks; i += 1) {
    const j = i + stream.nextInt(available.length - i);
    const chosen = available[j]!;
    available[j] = available[i]!;
    available[i] = chosen;
  }
  return available.slice(0, picks);
}

export function referencePlan(input: PlanInput): PlanResult {
  const byStash = new Map<string, CandidateEvaluation>(input.evaluations.map((e) => [e.stash, e]));
  const pool = eligibleInactive(input.evaluations);
  const needing = input.delegations
    .map((d) => ({
      delegation: d,
      decision: decideDraw({
        targets: d.targets,
        drawnInEra: d.drawnInEra,
        activeEra: input.activeEra,
        rotationEras: input.rotationEras,
        targetsPerDelegator: input.targetsPerDelegator,
        evaluations: byStash,
        eligiblePoolSize: pool.length,
      }),
    }))
    .filter((x) => x.decision.needs);
  if (needing.length === 0) return { kind: 'nothing_to_do', note: 'no delegator needs new targets' };
  if (pool.length === 0)
    return {
      kind: 'no_candidates',
      note: `round skipped: no eligible inactive candidate in the snapshot (${input.evaluations.length} listed)`,
    };
  const selections: PlannedSelection[] = [];
  let short = 0;
  for (const { delegation, decision } of needing) {
    if (!decision.needs) continue;
    const kept = decision.kept.slice(0, input.targetsPerDelegator);
    const drawn = referenceDraw(
      pool,
      kept,
      input.targetsPerDelegator - kept.length,
      referenceStream(input.seed, delegation.stash),
    );
    const targets = [...kept, ...drawn];
    if (targets.length < input.targetsPerDelegator) short++;
    selections.push({
      delegationId: delegation.id,
      stash: delegation.stash,
      reason: decision.reason,
      detail: decision.detail ?? null,
      keptTargets: kept,
      drawnTargets: drawn,
      targets,
    });
  }
  const note =
    short > 0
      ? `only ${pool.length} eligible inactive candidate(s): ${short} delegator(s) get fewer than ${input.targetsPerDelegator} targets`
      : null;
  return { kind: 'plan', selections, note };
}
