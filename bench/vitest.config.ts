import { defineConfig } from 'vitest/config';

/**
 * Benchmarks against the real engine, run by hand (never by `npm test`):
 *   npm run build && npx vitest run --config bench/vitest.config.ts
 */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
  },
});
