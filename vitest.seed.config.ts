import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:seed`: the suites of tests/suites/ on the author's own chapter
 * (../shared/seeds/, beside the project and never copied into it). `npm test`
 * runs the same suites on the sample book and our fixtures.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['tests/seed/**/*.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['tests/setup/global-setup.ts', 'tests/setup/seed-setup.ts'],
  },
});
