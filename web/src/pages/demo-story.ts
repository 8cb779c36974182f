/**
 * Where a demo visitor stands in the demo's story (join, a round nominates them, the election
 * counts their stake, the era pays) and what pressing "Advance era" does next, from what the API
 * says. Pure, so that its words can be checked against the service's real sequence:
 * - the round of era D (the era change starts it) nominates; `drawnInEra` is D;
 * - the change to era D + 1 elects with the nominations standing then: the stake counts in D + 1;
 * - the change to era D + 2 ends era D + 1, which pays; the payout sweep that follows the era
 *   change pays the stash's share, and the indexer records it as a reward.
 */

export type StepState = 'done' | 'doing' | 'todo';

export interface StoryInput {
  /** The chain's active era (null: not known yet). */
  activeEra: number | null;
  /** Whether an account is picked in the wallet bar. */
  hasAccount: boolean;
  /** The picked account's delegation; null when it has none. */
  delegation: { status: string; targets: string[]; drawnInEra: number | null } | null;
  /** The newest round. */
  latestRound: { activeEra: number | null; status: string } | null;
  /** How many rewards the picked account received. */
  rewardCount: number;
}

export interface StoryStep {
  label: string;
  state: StepState;
}

export interface Story {
  steps: StoryStep[];
  /** What to do or wait for next, in plain words. */
  next: string;
  /** The active era's round is still running while the account waits for it: advancing now makes it start over. */
  roundRunning: boolean;
}

const ROUND_DONE = new Set(['completed', 'skipped']);

export function demoStory(input: StoryInput): Story {
  const { activeEra, delegation } = input;
  const status = delegation?.status ?? null;
  const joined = status === 'active' || status === 'pending';
  const nominated = status === 'active' && delegation !== null && delegation.targets.length > 0;
  const drawn = nominated ? delegation.drawnInEra : null;
  const roundRunning =
    input.latestRound !== null &&
    input.latestRound.activeEra === activeEra &&
    !ROUND_DONE.has(input.latestRound.status);
  const elected = drawn !== null && activeEra !== null && activeEra > drawn;
  const paidEraEnded = drawn !== null && activeEra !== null && activeEra > drawn + 1;
  const rewarded = input.rewardCount > 0;

  const steps: StoryStep[] = [
    { label: 'Pick a demo account ("Use demo accounts" at the top)', state: input.hasAccount ? 'done' : 'todo' },
    {
      label: 'Join NDeST on the Join page: the demo keys sign the opt-in and the setup call (bond and Staking proxy)',
      state: status === 'active' ? 'done' : status === 'pending' ? 'doing' : 'todo',
    },
    {
      label:
        'Advance era: the new era starts a round, which draws validators of the programme and nominates them for you',
      state: nominated ? 'done' : status === 'active' && roundRunning ? 'doing' : 'todo',
    },
    {
      label:
        'Advance era: the election for the next era counts your stake, and the validators you back enter the active set',
      state: elected ? 'done' : 'todo',
    },
    {
      label: 'Advance era: the era in which your stake counted ends and pays; NDeST pays out its rewards to you',
      state: rewarded ? 'done' : paidEraEnded ? 'doing' : 'todo',
    },
  ];

  return { steps, next: nextStep(), roundRunning: roundRunning && status === 'active' };

  function nextStep(): string {
    if (!input.hasAccount) return 'Press "Use demo accounts" at the top and pick Demo 1, 2 or 3.';
    if (!joined)
      return status === null
        ? 'Go to Join and press "Join NDeST": the demo keys sign for you, no wallet needed.'
        : 'This account left NDeST (or nominates by hand): join again on the Join page to follow the story.';
    if (status === 'pending')
      return 'Waiting for the setup call on chain: NDeST marks you active as soon as it sees the bond and its Staking proxy.';
    if (!nominated) {
      if (roundRunning)
        return `The round of era ${activeEra} is running: it draws your validators and nominates them (about half a minute).`;
      return 'Press "Advance era": the new era starts a round, which nominates validators of the programme for you.';
    }
    if (rewarded)
      return 'Rewards arrived: see them per era in My staking. Each further era you advance pays the one before it.';
    if (drawn !== null && activeEra !== null && activeEra <= drawn)
      return `You nominate ${delegation!.targets.length} validators since era ${drawn}. Press "Advance era": the election for era ${drawn + 1} counts your stake.`;
    if (!paidEraEnded)
      return `Your stake counts in era ${activeEra}: the validators you back that were elected earn for you. Press "Advance era": era ${activeEra} ends and pays.`;
    return `Era ${drawn! + 1} ended and paid: NDeST is paying out its rewards to you (within half a minute); they show in My staking.`;
  }
}
