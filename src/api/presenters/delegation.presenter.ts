import type { Delegation, DelegationEvent } from '../../domain/delegation/types.js';
import type { Selection } from '../../domain/rounds/types.js';
import type { DelegationDto } from '../schemas/delegations.schemas.js';

export const presentDelegation = (d: Delegation): DelegationDto => ({
  stash: d.stash,
  status: d.status,
  statusReason: d.statusReason,
  statusSince: d.statusSince.toISOString(),
  targets: d.targets,
  drawnInEra: d.drawnInEra,
  nominatedAt: d.nominatedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

export const presentHistory = (e: DelegationEvent) => ({ ...e, at: e.at.toISOString() });

export const presentDelegationSelection = (s: Selection & { roundId: string }) => ({
  roundId: s.roundId,
  reason: s.reason,
  targets: s.targets,
  keptTargets: s.keptTargets,
  status: s.status,
  error: s.error,
  extrinsicHash: s.extrinsicHash,
  block: s.block,
});
