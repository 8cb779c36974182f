import { randomBytes } from 'node:crypto';
import type { SeedSource } from '../domain/ports.js';

/** 32 bytes from the operating system's CSPRNG, drawn fresh for every round. */
export const cryptoSeedSource: SeedSource = { freshSeed: () => `0x${randomBytes(32).toString('hex')}` };
