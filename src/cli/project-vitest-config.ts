/**
 * The Vitest config `millrace test` uses for a project that has none of its own: the project's pipeline tests
 * in `tests/`, and nothing else (so a config further up the tree is not picked up). `millrace` and
 * `millrace/testing` resolve to the Millrace that runs the tests, so a project needs no install of its own.
 */
import { fileURLToPath } from 'node:url';

const lib = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

const config = {
  resolve: {
    alias: [
      { find: /^millrace\/testing$/, replacement: lib('../testing/index.js') },
      { find: /^millrace$/, replacement: lib('../index.js') },
    ],
  },
  test: {
    include: ['tests/**/*.test.{ts,mts,js,mjs}'],
    testTimeout: 60_000,
  },
};

export default config;
