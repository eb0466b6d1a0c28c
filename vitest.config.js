import { defineConfig } from 'vitest/config';
export default defineConfig({
    test: {
        include: ['tests/**/*.test.ts'],
        // Whole-book builds and epubcheck (a JVM) take seconds each.
        testTimeout: 120_000,
        hookTimeout: 180_000,
        // Two cores: end-to-end files each start builds and validators.
        maxWorkers: 2,
        env: { NO_COLOR: '1' },
    },
});
