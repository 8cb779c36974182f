import { readFileSync } from 'node:fs';
import { evaluateCandidates } from '../src/domain/candidates/evaluate-candidates.js';
import { parseCandidates } from '../src/domain/candidates/parse-candidates.js';
import type { CandidateEvaluation } from '../src/domain/candidates/types.js';
import type { AddressCodec } from '../src/domain/ports/wallet.js';
import type { ValidatorPrefs, ValidatorSetView } from '../src/domain/ports/chain-reading.js';
import { PERBILL } from '../src/domain/shared/types.js';

export const BENCH_ACTIVE_ERA = 4_000;

interface FixtureCandidate {
  stash?: unknown;
  valid?: unknown;
  active?: unknown;
  commission?: unknown;
}

/**
 * Stands in for the chain's validator set: the fixture's `valid` entries validate (with its
 * commission, a percentage in the 2022 format), its `active` ones are elected.
 */
export function viewFromFixture(body: string, codec: AddressCodec): ValidatorSetView {
  const validators = new Map<string, ValidatorPrefs>();
  const elected = new Set<string>();
  for (const candidate of JSON.parse(body) as FixtureCandidate[]) {
    const stash = typeof candidate.stash === 'string' ? codec.normalize(candidate.stash) : null;
    if (stash === null) continue;
    if (candidate.valid === true) {
      const percent = typeof candidate.commission === 'number' ? candidate.commission : 0;
      validators.set(stash, { commission: Math.round((percent * PERBILL) / 100), blocked: false });
    }
    if (candidate.active === true) elected.add(stash);
  }
  return { at: { hash: `0x${'00'.repeat(32)}`, number: 0 }, activeEra: BENCH_ACTIVE_ERA, validators, elected };
}

/** The snapshot phase of a round, from the 1KV fixture instead of a live source and chain. */
export function snapshotFromFixture(
  fixturePath: string,
  codec: AddressCodec,
  commissionCapPercent: number,
): { evaluations: CandidateEvaluation[]; view: ValidatorSetView } {
  const body = readFileSync(fixturePath, 'utf8');
  const { entries } = parseCandidates(body, codec);
  const view = viewFromFixture(body, codec);
  const evaluations = evaluateCandidates(entries, view, Math.round((commissionCapPercent * PERBILL) / 100));
  return { evaluations, view };
}
