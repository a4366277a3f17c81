import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    // The real-world ADF corpus is checked by `npm run test:corpus -- <dir>` (vitest.corpus.config.ts).
    exclude: ['test/corpus/**', '**/node_modules/**'],
    globalSetup: ['test/setup/python-env.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
