import { defineConfig } from 'vitest/config';

/** `npm run test:corpus -- <dir>`: conformance against a folder of real ADF factories (see scripts/test-corpus.js). */
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 300_000,
    pool: 'forks',
  },
});
