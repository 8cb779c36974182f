/**
 * The steps of joining, in order, and the state each shows (`data-state` on the list items). A
 * pure model: the panel moves it along as the wallet and the service answer.
 */
export type StepState = 'done' | 'doing' | 'todo' | 'failed';

export const JOIN_STEPS = [
  { id: 'opt-in', label: 'Sign the opt-in request' },
  { id: 'setup', label: 'Sign and submit the setup call (bond + Staking proxy)' },
  { id: 'watch', label: 'Waiting for NDeST to see the proxy' },
  { id: 'active', label: 'Active' },
] as const;

export type JoinStepId = (typeof JOIN_STEPS)[number]['id'];

export interface JoinProgress {
  /** The step under way (or failed); null before the first click. */
  current: JoinStepId | null;
  failed: boolean;
  /** Every step is done: the delegation is active. */
  finished: boolean;
  /** A line about the current step (the chain's progress, a transaction hash, …). */
  detail: string | null;
}

export const NOT_STARTED: JoinProgress = { current: null, failed: false, finished: false, detail: null };

const indexOf = (id: JoinStepId) => JOIN_STEPS.findIndex((s) => s.id === id);

/** The state of each step for a progress. */
export function stepStates(progress: JoinProgress): Record<JoinStepId, StepState> {
  const at = progress.current === null ? -1 : indexOf(progress.current);
  const states = {} as Record<JoinStepId, StepState>;
  JOIN_STEPS.forEach((step, i) => {
    states[step.id] = progress.finished
      ? 'done'
      : i < at
        ? 'done'
        : i > at
          ? 'todo'
          : progress.failed
            ? 'failed'
            : step.id === 'active'
              ? 'done'
              : 'doing';
  });
  return states;
}

export const startAt = (id: JoinStepId, detail: string | null = null): JoinProgress => ({
  current: id,
  failed: false,
  finished: id === 'active',
  detail,
});

export const failAt = (progress: JoinProgress, detail: string | null = null): JoinProgress => ({
  ...progress,
  failed: true,
  finished: false,
  detail,
});

/** Where joining resumes after a failure: a failed opt-in starts over; later steps retry themselves. */
export const retryFrom = (progress: JoinProgress): JoinStepId => progress.current ?? 'opt-in';
