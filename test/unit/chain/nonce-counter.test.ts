import { describe, expect, it } from 'vitest';
import { NonceCounter } from '../../../src/chain/nonce-counter.js';

describe('NonceCounter', () => {
  it('counts past the chain view for extrinsics signed but not yet submitted', () => {
    const counter = new NonceCounter();
    expect(counter.take(7)).toBe(7);
    expect(counter.take(7)).toBe(8);
    expect(counter.take(7)).toBe(9);
  });

  it('follows the chain when it is ahead (another signer of the same key)', () => {
    const counter = new NonceCounter();
    counter.take(3);
    expect(counter.take(10)).toBe(10);
  });

  it('lets the chain decide again after a reset', () => {
    const counter = new NonceCounter();
    counter.take(5);
    counter.take(5);
    counter.reset();
    expect(counter.take(5)).toBe(5);
  });
});
