import { defineConfig } from 'vitest/config';

/** Browser suites: `npm run test:browser`, needing Debian's Chromium at /usr/bin/chromium. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
