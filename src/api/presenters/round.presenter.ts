import type { Batch, Round, Selection } from '../../domain/rounds/types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const presentRound = (r: Round) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  plannedAt: iso(r.plannedAt),
  completedAt: iso(r.completedAt),
});

export const presentSelection = (s: Selection) => ({
  stash: s.stash,
  reason: s.reason,
  detail: s.detail,
  keptTargets: s.keptTargets,
  drawnTargets: s.drawnTargets,
  targets: s.targets,
  batchIndex: s.batchIndex,
  status: s.status,
  error: s.error,
  extrinsicHash: s.extrinsicHash,
  block: s.block,
});

export const presentBatch = (b: Batch) => ({ ...b, fee: b.fee?.toString() ?? null });
