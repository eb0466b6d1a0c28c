import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The author's chapter lives outside the repository: `npm run test:seed` (vitest.seed.config.ts).
    exclude: ['tests/seed/**', 'node_modules/**'],
    // Every outside tool is checked once, before any test, with one message for what is missing.
    globalSetup: ['tests/setup/global-setup.ts'],
    // Whole-book builds and epubcheck (a JVM) take seconds each.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: end-to-end files each start builds and validators.
    maxWorkers: 2,
    env: { NO_COLOR: '1' },
  },
});
