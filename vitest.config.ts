import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,harness,probes,reports,test}/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Real browsers on 2 cores: one file at a time keeps timings meaningful.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
