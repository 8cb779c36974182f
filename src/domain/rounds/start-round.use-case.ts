import type { NominationWriter } from '../ports/extrinsics.js';
import type { RoundRepository } from './round.repository.js';
import type { Round, RoundTrigger } from './types.js';

export interface StartRoundDeps {
  rounds: RoundRepository;
  writer: Pick<NominationWriter, 'operatorAddress'>;
  targetsPerDelegator: number;
  rotationEras: number;
}

/** Records a new round; without an operator key every round is a dry run. */
export async function startRound(
  deps: StartRoundDeps,
  input: { trigger: RoundTrigger; dryRun: boolean; era: number | null },
): Promise<{ round: Round; created: boolean }> {
  const readOnly = deps.writer.operatorAddress() === null;
  return deps.rounds.create({
    trigger: input.trigger,
    eraKey: input.trigger === 'era' ? input.era : null,
    dryRun: input.dryRun || readOnly,
    targetsPerDelegator: deps.targetsPerDelegator,
    rotationEras: deps.rotationEras,
  });
}
