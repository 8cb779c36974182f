import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two files at a time on these 2-core machines: a chain test spends much of its time waiting
    // for blocks and for the service's polls, so two overlap well.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Each file starts its own local chain (~300 MB, a few seconds) and its own database and
          // queue prefix, so files run side by side; the worker cap above keeps them two at a time.
          fileParallelism: true,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
