/**
 * The Vitest config `millrace test` uses for a project that has none of its own: the project's pipeline tests
 * in `tests/`, and nothing else (so a config further up the tree is not picked up).
 */
const config = {
  test: {
    include: ['tests/**/*.test.{ts,mts,js,mjs}'],
    testTimeout: 60_000,
  },
};

export default config;
