import type { Clock } from '../domain/ports/clock-and-beacon.js';

export const systemClock: Clock = { now: () => new Date() };
