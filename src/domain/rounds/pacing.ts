import type { DelegationRepository } from '../delegation/delegation.repository.js';
import type { Delegation } from '../delegation/types.js';
import type { Sliced } from '../shared/slices.js';
import { PLAN_SLICE } from './plan-round.js';

/**
 * How a round's planning shares its process: the API and the other workers may run in the same
 * one (`npm start`), and a round of 100,000 delegations done in one go would hold the event loop
 * for seconds. It is done in slices instead, with a pause between two.
 */
export interface Pacing {
  /** Lets other work run; the next turn of the event loop by default (`nextTurn`). */
  pause: () => Promise<void>;
  /** Delegations read per query. */
  pageSize: number;
  /** Delegations drawn for (or selections handled) between two pauses: a few milliseconds' work. */
  sliceSize: number;
}

/** Resolves after the I/O waiting now (HTTP requests among it) was handled: `setImmediate`. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Pages of 2,000: the client maps a page in one turn of the event loop (a few milliseconds). */
export const DEFAULT_PACING: Pacing = { pause: nextTurn, pageSize: 2_000, sliceSize: PLAN_SLICE };

/** Every delegation in these statuses, oldest first, a page at a time, with a pause between pages. */
export async function readInPages(
  delegations: Pick<DelegationRepository, 'pageByStatus'>,
  statuses: Delegation['status'][],
  pacing: Pacing,
): Promise<Delegation[]> {
  const all: Delegation[] = [];
  for (let after: Delegation | null = null; ;) {
    const page = await delegations.pageByStatus(statuses, after, pacing.pageSize);
    for (const d of page) all.push(d);
    const last = page[page.length - 1];
    if (page.length < pacing.pageSize || last === undefined) return all;
    after = last;
    await pacing.pause();
  }
}

/** Runs a sliced computation (a generator that stops after each slice) to its end, pausing between slices. */
export async function runInSlices<T>(steps: Sliced<T>, pacing: Pacing): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pacing.pause();
  }
}
