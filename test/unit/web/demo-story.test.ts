import { describe, expect, it } from 'vitest';
import { demoStory, type StoryInput } from '../../../web/src/pages/demo-story.js';

const base: StoryInput = { activeEra: 1, hasAccount: true, delegation: null, latestRound: null, rewardCount: 0 };
const states = (input: StoryInput) => demoStory(input).steps.map((s) => s.state);
const targets = ['A', 'B', 'C', 'D'];

describe("the demo panel's story", () => {
  it('starts with picking an account, then joining', () => {
    expect(states({ ...base, hasAccount: false })).toEqual(['todo', 'todo', 'todo', 'todo', 'todo']);
    expect(demoStory({ ...base, hasAccount: false }).next).toMatch(/Use demo accounts/);
    expect(states(base)).toEqual(['done', 'todo', 'todo', 'todo', 'todo']);
    expect(demoStory(base).next).toMatch(/Join NDeST/);
    const pending = { ...base, delegation: { status: 'pending', targets: [], drawnInEra: null } };
    expect(states(pending)).toEqual(['done', 'doing', 'todo', 'todo', 'todo']);
    expect(demoStory(pending).next).toMatch(/setup call/);
  });

  it('follows the service: the round of era D nominates, era D + 1 elects, the change to D + 2 pays', () => {
    const active = { ...base, delegation: { status: 'active', targets: [], drawnInEra: null } };
    expect(states(active)).toEqual(['done', 'done', 'todo', 'todo', 'todo']);
    expect(demoStory(active).next).toMatch(/Advance era.*round/);
    // A running round concerns only an account that waits for it.
    expect(demoStory({ ...base, activeEra: 2, latestRound: { activeEra: 2, status: 'planning' } }).roundRunning).toBe(
      false,
    );

    // Era 2: its round is running.
    const running = { ...active, activeEra: 2, latestRound: { activeEra: 2, status: 'sending' } };
    expect(states(running)).toEqual(['done', 'done', 'doing', 'todo', 'todo']);
    expect(demoStory(running).roundRunning).toBe(true);
    expect(demoStory(running).next).toMatch(/round of era 2 is running/);

    const nominated = {
      ...running,
      latestRound: { activeEra: 2, status: 'completed' },
      delegation: { status: 'active', targets, drawnInEra: 2 },
    };
    expect(states(nominated)).toEqual(['done', 'done', 'done', 'todo', 'todo']);
    expect(demoStory(nominated).roundRunning).toBe(false);
    expect(demoStory(nominated).next).toMatch(/election for era 3 counts your stake/);

    const elected = { ...nominated, activeEra: 3 };
    expect(states(elected)).toEqual(['done', 'done', 'done', 'done', 'todo']);
    expect(demoStory(elected).next).toMatch(/era 3 ends and pays/);

    const paying = { ...nominated, activeEra: 4 };
    expect(states(paying)).toEqual(['done', 'done', 'done', 'done', 'doing']);
    expect(demoStory(paying).next).toMatch(/Era 3 ended and paid/);

    const paid = { ...paying, rewardCount: 4 };
    expect(states(paid)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(demoStory(paid).next).toMatch(/Rewards arrived/);
  });

  it('asks a stash that left to join again', () => {
    const left = { ...base, delegation: { status: 'opted_out', targets: [], drawnInEra: null } };
    expect(states(left)[1]).toBe('todo');
    expect(demoStory(left).next).toMatch(/join again/);
  });
});
