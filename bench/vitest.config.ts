import { defineConfig } from 'vitest/config';

/**
 * Benchmarks against the real engine, run by hand, never by `npm test`: `npm run bench` (all of
 * them: it builds, makes sure the engine and the local images are there, then runs this config),
 * or one file: `npm run bench -- bench/pod-start.bench.ts`. Files run one after the other, so one
 * benchmark's load never skews another's numbers.
 */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
